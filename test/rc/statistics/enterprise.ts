/** getEEStatistics: the license's modules and tags, seat requests, and omnichannel EE counts when licensed. */
import type { StatsContext } from './context.js';

/** The license as the server holds it: active modules and tag names (empty without a valid license). */
export interface RcLicenseView {
  modules: string[];
  tags: string[];
}

/**
 * statistics.enterprise, pushed into the parallel group. Rocket.Chat also pushes Analytics.resetSeatRequestCount()
 * (a write, racing with this read); a read-only reference leaves the counter as it is.
 */
export function pushEnterpriseStatistics(ctx: StatsContext, license: RcLicenseView): void {
  const { db, stats } = ctx;
  ctx.parallel.push('enterprise', async () => {
    const seat = await db.collection('rocketchat_analytics').findOne<{ count?: number }>({ type: 'seat-request' });
    const enterprise: Record<string, unknown> = { modules: license.modules, tags: license.tags, seatRequests: seat?.count || 0 };
    if (license.modules.includes('livechat-enterprise')) {
      const rooms = db.collection('rocketchat_room');
      const [livechatTags, cannedResponses, slas, withPriorities, withSlas, businessUnits, monitors, transcripts] = await Promise.all([
        db.collection('rocketchat_livechat_tag').estimatedDocumentCount(),
        db.collection('rocketchat_canned_response').estimatedDocumentCount(),
        db.collection('rocketchat_omnichannel_service_level_agreements').estimatedDocumentCount(),
        rooms.countDocuments({ priorityId: { $exists: true } }),
        rooms.countDocuments({ slaId: { $exists: true } }),
        db.collection('rocketchat_livechat_department').countDocuments({ type: 'u' }),
        db.collection('users').countDocuments({ roles: 'livechat-monitor' }),
        rooms.countDocuments({ pdfTranscriptFileId: { $exists: true } }),
      ]);
      Object.assign(enterprise, {
        livechatTags,
        cannedResponses,
        slas,
        omnichannelRoomsWithPriorities: withPriorities,
        omnichannelRoomsWithSlas: withSlas,
        businessUnits,
        livechatMonitors: monitors,
        omnichannelPdfTranscriptSucceeded: transcripts,
      });
    }
    stats.enterprise = enterprise;
  });
}
