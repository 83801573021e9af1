/**
 * The statistics snapshot a Rocket.Chat server saves when it starts (server/cron/statistics.ts):
 * 7.x always generates one at boot; 8.x reuses one younger than a day taken by the same version.
 */
import { rcLastStatistics, rcSaveStatistics, type RcStatisticsOptions } from '../rc/statistics.js';
import type { EmulatorContext } from './context.js';
import { majorOf } from './context.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the emulated server tells the statistics collector about itself. */
export function statisticsOptions(ctx: Pick<EmulatorContext, 'identity' | 'licensePublicKeyPem'>): RcStatisticsOptions {
	const { identity } = ctx;
	return {
		version: identity.version,
		uptimeSeconds: (Date.now() - identity.startedAt) / 1000,
		nodeVersion: identity.nodeVersion,
		pid: identity.pid,
		...(ctx.licensePublicKeyPem && { publicKeyPem: ctx.licensePublicKeyPem }),
	};
}

/** Saves the boot snapshot unless 8.x may reuse a recent one. Failures are logged, not thrown: boot goes on. */
export async function saveBootStatistics(ctx: Pick<EmulatorContext, 'db' | 'identity' | 'licensePublicKeyPem' | 'log'>): Promise<void> {
	try {
		if (majorOf(ctx.identity.version) >= 8) {
			const last = await rcLastStatistics(ctx.db);
			const createdAt = last?.createdAt instanceof Date ? last.createdAt.getTime() : 0;
			if (last && last.version === ctx.identity.version && Date.now() - createdAt < DAY_MS) return;
		}
		await rcSaveStatistics(ctx.db, statisticsOptions(ctx));
	} catch (error) {
		ctx.log(`statistics at boot failed: ${error instanceof Error ? error.message : String(error)}`);
	}
}
