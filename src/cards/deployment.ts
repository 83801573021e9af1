/** The Deployment card, labelled as on Rocket.Chat's Info/Workspace page, with Rocket.Chat's multi-instance warnings. */
import type { DeploymentInfo, InstanceInfo } from '../stats/collectors/deployment.js';
import { versionStatus, versionStatusText } from '../stats/supported-versions.js';
import type { Semantics } from '../stats/version.js';
import { sourcedField, textField, worstState } from './fields.js';
import { formatDateTime, formatDay } from './format.js';
import type { Card, CardField } from './model.js';

/** What the card is built from. */
export interface DeploymentCardInput {
  deployment: DeploymentInfo;
  semantics: Semantics;
  /** Whether the workspace has a valid license (Rocket.Chat's `isEnterprise`). */
  enterprise: boolean;
  now: Date;
  timeZone: string;
}

/**
 * Rocket.Chat's callouts when several instances run. The Workspace page (6.5+, WorkspacePage.tsx) shows the
 * license one as a warning; the classic Info page (≤ 6.4, InformationPage.tsx) as a danger callout.
 */
export function multiInstanceWarnings(input: {
  instanceCount: number;
  enterprise: boolean;
  msEnabled: boolean;
  oplogEnabled: boolean;
  classicInfoPage?: boolean;
}): { state: 'warning' | 'danger'; text: string }[] {
  if (input.enterprise || input.msEnabled || input.instanceCount <= 1) return [];
  const warnings: { state: 'warning' | 'danger'; text: string }[] = [];
  if (!input.oplogEnabled) {
    warnings.push({
      state: 'danger',
      text:
        'Error: Rocket.Chat requires oplog tailing when running in multiple instances. Please make sure your MongoDB is on ' +
        'ReplicaSet mode and MONGO_OPLOG_URL environment variable is defined correctly on the application server',
    });
  }
  warnings.push({
    state: input.classicInfoPage ? 'danger' : 'warning',
    text: 'You are operating multiple instances without an active Premium license - some features may not behave as designed',
  });
  return warnings;
}

/**
 * One instance as the Instances modal's "Instance Record" shows it (DeploymentCard/components/InstancesModal): its ID,
 * PID, created and updated (last heartbeat) times, from the `instances` collection. The modal's Address, Connected,
 * Local and Last Heartbeat Time come from the service broker's memory of the answering server (instances.get:
 * getInstanceList()), which the database does not hold; its Auth is the constant `true` (instances.get sets
 * `broadcastAuth: true`), so it tells nothing.
 */
function instanceLine(instance: InstanceInfo, timeZone: string): string {
  const address = instance.host ? `${instance.host}${instance.port ? `:${instance.port}` : ''}` : (instance.name ?? instance.id);
  const heartbeat = instance.updatedAt ? formatDateTime(instance.updatedAt, timeZone) : 'never';
  const created = instance.createdAt ? `, created ${formatDateTime(instance.createdAt, timeZone)}` : '';
  return `${address} (ID ${instance.id}, PID ${instance.pid ?? '?'}${instance.nodeVersion ? `, Node ${instance.nodeVersion}` : ''}${created}) — last heartbeat ${heartbeat}${instance.alive ? '' : ' (stale)'}`;
}

/** Builds the Deployment card. */
export function deploymentCard(input: DeploymentCardInput): Card {
  const { deployment: d, semantics, timeZone } = input;
  const notes: string[] = [];
  const status = semantics.workspacePage && d.version.value && d.supportedVersions?.value ? versionStatus(d.version.value, d.supportedVersions.value, input.now) : undefined;
  const fields: CardField[] = [
    sourcedField('Version', d.version, (v) => (status ? `${v} (${versionStatusText(status.label)})` : v), {
      short: true,
      unknown: `unknown (figures follow ${semantics.version.text})`,
    }),
    sourcedField('Deployment ID', d.uniqueId, (v) => v, { short: true }),
  ];
  if (status) {
    // The VersionCard's action item: "Version supported until <date>" unless outdated, else "Version not supported".
    const support = status.label === 'outdated' ? 'not supported' : status.expiration ? `supported until ${formatDay(status.expiration, timeZone)}` : 'supported';
    fields.push(textField('Version support', support, { short: true, state: status.label === 'outdated' ? 'danger' : undefined }));
  }
  if (semantics.workspacePage && d.registered?.value != null) {
    // The VersionCard's "Workspace registered" / "Workspace not registered" items. Rocket.Chat marks the second as a
    // danger item; here it does not turn the card red, as an air-gapped workspace is unregistered by design.
    fields.push(textField('Cloud registration', d.registered.value ? 'Workspace registered' : 'Workspace not registered', { short: true }));
  }
  // Only the Workspace page's DeploymentCard (6.5+) has the row; the classic Info page's (≤ 6.4) never had it.
  if (semantics.workspacePage && d.cloudWorkspaceId.value) fields.push(sourcedField('Cloud Workspace ID', d.cloudWorkspaceId, (v) => v, { short: true }));
  if (d.appsEngineVersion.value) fields.push(sourcedField('Apps Engine Version', d.appsEngineVersion, (v) => v, { short: true }));
  fields.push(sourcedField('Node Version', d.nodeVersion, (v) => v, { short: true }));
  fields.push(
    sourcedField(
      'Database Migration',
      d.migration,
      (m) => `${m.version} (${m.lockedAt ? formatDateTime(m.lockedAt, timeZone) : 'never started'})`,
      { short: true },
    ),
  );
  const msEnabled = d.msEnabled.value === true;
  const oplog = d.oplogEnabled.value === true;
  fields.push(
    sourcedField(
      'MongoDB',
      d.mongoVersion,
      (version) =>
        `${version} / ${d.mongoStorageEngine.value || 'unknown'}${msEnabled ? '' : ` (oplog ${oplog ? 'Enabled' : 'Disabled'})`}`,
      { short: true },
    ),
  );
  fields.push(
    sourcedField('Commit Details', d.commit, (c) => {
      const lines = [`HEAD: (${c.hash ? c.hash.slice(0, 9) : 'unknown'})`, `Branch: ${c.branch ?? 'unknown'}`];
      if (semantics.commitSubject && c.subject) lines.push(c.subject);
      return lines.join('\n');
    }),
  );
  fields.push(sourcedField('PID', d.pid, (pid) => String(pid), { short: true }));
  fields.push(
    sourcedField('Instances', d.instances, (list) =>
      list.length ? list.map((instance) => instanceLine(instance, timeZone)).join('\n') : 'none reporting (no live heartbeat)',
    ),
  );

  const warnings = multiInstanceWarnings({
    classicInfoPage: !semantics.workspacePage,
    instanceCount: d.instanceCount.value ?? 0,
    enterprise: input.enterprise,
    msEnabled,
    oplogEnabled: oplog,
  });
  notes.push(...warnings.map((w) => w.text));
  if (semantics.oplogAlwaysDisabled && warnings.length) {
    notes.push('Rocket.Chat 8.x always reports oplog as disabled, so it shows the oplog error with every multi-instance warning.');
  }
  const stale = (d.instances.value ?? []).filter((instance) => !instance.alive);
  if (stale.length) notes.push(`${stale.length} instance record(s) without a heartbeat in the last minute: that server stopped or lost MongoDB.`);
  const staleState = stale.length ? ('warning' as const) : undefined;
  notes.push(
    'Database Migration: the migration version, and when a Rocket.Chat server last started and checked migrations (migrations.control lockedAt), not when a migration ran.',
  );
  if (!d.commit.value?.branch) notes.push('Branch and commit subject come from Rocket.Chat\'s /api/info: set ROCKETCHAT_URL to show them.');
  if (semantics.versionSource === 'assumed') {
    notes.push(`Rocket.Chat's version is unknown (no snapshot, no /api/info): figures follow ${semantics.version.text} semantics; pass --rc-version to choose.`);
  }
  return {
    id: 'deployment',
    title: 'Deployment',
    state: worstState([staleState, ...warnings.map((w) => w.state), ...fields.map((f) => f.state)]),
    fields,
    notes,
    asOf: input.now,
  };
}
