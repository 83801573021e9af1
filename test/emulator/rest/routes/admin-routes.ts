/**
 * settings/:_id, statistics, statistics.list, instances.get, licenses.info, licenses.add and GET /api/info
 * (api/server/v1/settings.ts, stats.ts, instances.ts, ee/server/api/licenses.ts, default/info.ts).
 * Statistics and licenses are computed by Rocket.Chat's reference modules under test/rc.
 */
import { rcApplyLicense, rcLicenseInfo, rcMaxActiveUsers } from '../../../rc/license.js';
import { rcLastStatistics, rcSaveStatistics } from '../../../rc/statistics.js';
import { hasPermission } from '../../authz.js';
import type { EmulatorContext } from '../../context.js';
import { buildInfo, minimumClientVersions, trimmedVersion } from '../../server-info.js';
import { findVisibleSetting, getSetting, writeSetting } from '../../settings.js';
import { statisticsOptions } from '../../statistics-boot.js';
import { defineRoute, failure, ok, type Route } from '../router.js';
import * as schemas from '../schemas.js';

// v1/settings.ts `settings/:_id`: permissionsRequired (403 before the action), then Settings.findOneNotHiddenById;
// a missing or hidden setting is API.v1.failure() with no error text.
const settingGet = defineRoute({
	method: 'GET',
	path: '/api/v1/settings/:_id',
	auth: 'required',
	permissions: ['view-privileged-setting'],
	async action(ctx, { params }) {
		const setting = await findVisibleSetting(ctx.c, params._id ?? '', ctx.identity.version);
		if (!setting) return failure(undefined);
		return ok({ _id: setting._id, value: setting.value });
	},
});

// The POST branches of v1/settings.ts in order: an action setting with `execute` (the emulator runs no server
// method behind it), then `{ value }` (isSettingsUpdatePropDefault: the key is present, whatever its type: the
// route checks no type), else failure(). Rocket.Chat writes through updateValueNotHiddenById and notifies.
const settingPost = defineRoute({
	method: 'POST',
	path: '/api/v1/settings/:_id',
	auth: 'required',
	permissions: ['edit-privileged-setting'],
	async action(ctx, { params, body }) {
		const id = params._id ?? '';
		const setting = await findVisibleSetting(ctx.c, id, ctx.identity.version);
		if (!setting) return failure(undefined);
		if (setting.type === 'action' && 'execute' in body && body.execute) return ok();
		if (!('value' in body)) return failure(undefined);
		const written = await writeSetting(ctx.c, id, body.value, ctx.identity.version);
		ctx.bus.emit({ kind: 'setting', action: 'updated', setting: written });
		return ok();
	},
});

// v1/settings.ts `settings.public`: no login; the public, not hidden settings, narrowed by `_id` (a comma-separated
// list, 7.0+), as `{ settings: [{ _id, value }], count, offset, total }`. The sandbox's terminal client reads
// Message_AllowUnrecognizedSlashCommand here, as Rocket.Chat's web client knows it from the public settings.
// Left out: pagination beyond the whole list, `fields`/`sort`, the enterprise `invalidValue` substitution.
const settingsPublic = defineRoute({
	method: 'GET',
	path: '/api/v1/settings.public',
	auth: 'none',
	query: schemas.settingsPublic,
	async action(ctx, { query }) {
		const ids = query._id ? query._id.split(',').map((id) => id.trim()) : (await ctx.c.settings.find({ public: true }, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
		const docs = await Promise.all(ids.map((id) => findVisibleSetting(ctx.c, id, ctx.identity.version)));
		const settings = docs.filter((d) => d?.public === true).map((d) => ({ _id: d?._id, value: d?.value }));
		return ok({ settings, count: settings.length, offset: 0, total: settings.length });
	},
});

const statistics = defineRoute({
	method: 'GET',
	path: '/api/v1/statistics',
	auth: 'required',
	style: 'typed',
	query: schemas.statistics,
	async action(ctx, { user, query }) {
		// getLastStatistics throws a plain Error: the body is { success: false, error: 'error-not-allowed' }.
		if (!(await hasPermission(ctx.c, user._id, 'view-statistics'))) throw new Error('error-not-allowed');
		await ctx.bootStatistics;
		const stats = query.refresh === 'true' ? await rcSaveStatistics(ctx.db, statisticsOptions(ctx)) : await rcLastStatistics(ctx.db);
		return ok(stats ?? {});
	},
});

/**
 * helpers/getPaginationItems.ts: no count means API_Default_Count, more than API_Upper_Count_Limit is cut to it,
 * 0 means all only when API_Allow_Infinite_Count is on; a missing offset is 0.
 */
async function paginationItems(ctx: EmulatorContext, query: { count?: number | null; offset?: number | null }): Promise<{ offset: number; count: number }> {
	const upper = await getSetting<number>(ctx.c, 'API_Upper_Count_Limit');
	const fallback = await getSetting<number>(ctx.c, 'API_Default_Count');
	const hardUpperLimit = upper && upper <= 0 ? 100 : upper;
	const defaultCount = fallback && fallback <= 0 ? 50 : fallback;
	let count = query.count ?? defaultCount;
	if (count > hardUpperLimit) count = hardUpperLimit;
	if (count === 0 && !(await getSetting<boolean>(ctx.c, 'API_Allow_Infinite_Count'))) count = defaultCount;
	return { offset: query.offset ?? 0, count };
}

/** The `sort` of parseJsonQuery: a JSON object of field to 1 or -1. */
function parseSort(sort: string | null | undefined): Record<string, 1 | -1> | undefined {
	if (!sort) return undefined;
	const parsed: unknown = JSON.parse(sort);
	if (!parsed || typeof parsed !== 'object') throw new Error('Invalid sort parameter provided');
	return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, value === -1 ? -1 : 1]));
}

// v1/stats.ts `statistics.list` → statistics/server/functions/getStatistics.ts: view-statistics or a plain
// Error('error-not-allowed'); Statistics.findPaginated with sort (default { name: 1 }), skip, limit.
// Left out: `fields` and `query` (parseJsonQuery restricts them; the bot sends neither).
const statisticsList = defineRoute({
	method: 'GET',
	path: '/api/v1/statistics.list',
	auth: 'required',
	style: 'typed',
	query: schemas.statisticsList,
	async action(ctx, { user, query }) {
		if (!(await hasPermission(ctx.c, user._id, 'view-statistics'))) throw new Error('error-not-allowed');
		await ctx.bootStatistics;
		const { offset, count } = await paginationItems(ctx, query);
		const sort = parseSort(query.sort) ?? { name: 1 };
		const collection = ctx.db.collection('rocketchat_statistics');
		const cursor = collection.find({}, { sort, skip: offset, ...(count > 0 && { limit: count }) });
		const [statistics, total] = await Promise.all([cursor.toArray(), collection.countDocuments({})]);
		return ok({ statistics, count: statistics.length, offset, total });
	},
});

const instances = defineRoute({
	method: 'GET',
	path: '/api/v1/instances.get',
	auth: 'required',
	permissions: ['view-statistics'],
	async action(ctx) {
		const records = await ctx.c.instances.find({}).toArray();
		return ok({
			instances: records.map((instanceRecord) => {
				// A single monolith is its own only broker node: connected, local.
				const self = instanceRecord._id === ctx.identity.instanceId;
				return {
					...(self && { address: '127.0.0.1' }),
					currentStatus: { connected: self, ...(self && { lastHeartbeatTime: Date.now(), local: true }) },
					instanceRecord,
					broadcastAuth: true,
				};
			}),
		});
	},
});

function licenseOptions(ctx: EmulatorContext) {
	return { publicKeyPem: ctx.licensePublicKeyPem, version: ctx.identity.version };
}

const licensesInfo = defineRoute({
	method: 'GET',
	path: '/api/v1/licenses.info',
	auth: 'required',
	query: schemas.licensesInfo,
	async action(ctx, { user, query }) {
		const privileged = await hasPermission(ctx.c, user._id, 'view-privileged-setting');
		const body = await rcLicenseInfo(ctx.db, { ...licenseOptions(ctx), privileged, loadValues: privileged && Boolean(query.loadValues) });
		return ok({ ...body });
	},
});

// ee/server/api/licenses.ts `licenses.maxActiveUsers`: authRequired only (no permission), the license's
// activeUsers limit (null when none or not positive) and Users.getActiveLocalUserCount().
const licensesMaxActiveUsers = defineRoute({
	method: 'GET',
	path: '/api/v1/licenses.maxActiveUsers',
	auth: 'required',
	async action(ctx) {
		return ok({ ...(await rcMaxActiveUsers(ctx.db, licenseOptions(ctx))) });
	},
});

async function announceSetting(ctx: EmulatorContext, id: string): Promise<void> {
	const setting = await ctx.c.settings.findOne({ _id: id });
	if (setting) ctx.bus.emit({ kind: 'setting', action: 'updated', setting });
}

const licensesAdd = defineRoute({
	method: 'POST',
	path: '/api/v1/licenses.add',
	auth: 'required',
	permissions: ['edit-privileged-setting'],
	async action(ctx, { body }) {
		// check(this.bodyParams, { license: String })
		const keys = Object.keys(body);
		if (typeof body.license !== 'string') throw new Error(`Match error: Expected string, got ${typeof body.license} in field license`);
		const extra = keys.find((key) => key !== 'license');
		if (extra) throw new Error(`Match error: Unknown key in field ${extra}`);
		const result = await rcApplyLicense(ctx.db, body.license, licenseOptions(ctx));
		if (!result.ok) return failure(result.error);
		if (result.outcome !== 'unchanged') {
			await announceSetting(ctx, 'Enterprise_License');
			await announceSetting(ctx, 'Enterprise_License_Status');
		}
		return ok();
	},
});

const info = defineRoute({
	method: 'GET',
	path: '/api/info',
	auth: 'none',
	async action(ctx, { user }) {
		const full = user && (await hasPermission(ctx.c, user._id, 'view-statistics'));
		return ok({
			version: full ? ctx.identity.version : trimmedVersion(ctx.identity.version),
			...(full && { info: buildInfo(ctx.identity) }),
			minimumClientVersions,
		});
	},
});

export const adminRoutes: Route[] = [settingGet, settingPost, settingsPublic, statistics, statisticsList, instances, licensesInfo, licensesMaxActiveUsers, licensesAdd, info];
