/** VideoConf.getStatistics(): calls in `rocketchat_video_conference` by type and status, plus the provider settings. */
import type { StatsContext } from './context.js';

// VideoConferenceStatus in core-typings.
const CALLING = 0;
const STARTED = 1;
const ENDED = 3;

/** statistics.videoConf, with Rocket.Chat's sequential counts. */
export async function videoConferenceStatistics(ctx: StatsContext): Promise<Record<string, unknown>> {
  const calls = ctx.db.collection('rocketchat_video_conference');
  const count = (type: string, status: number) => calls.countDocuments({ type, status });
  const s = ctx.settings;
  return {
    videoConference: { started: await count('videoconference', STARTED), ended: await count('videoconference', ENDED) },
    direct: { calling: await count('direct', CALLING), started: await count('direct', STARTED), ended: await count('direct', ENDED) },
    livechat: { started: await count('livechat', STARTED), ended: await count('livechat', ENDED) },
    settings: {
      provider: s.get('VideoConf_Default_Provider'),
      dms: s.get('VideoConf_Enable_DMs'),
      channels: s.get('VideoConf_Enable_Channels'),
      groups: s.get('VideoConf_Enable_Groups'),
      teams: s.get('VideoConf_Enable_Teams'),
    },
  };
}
