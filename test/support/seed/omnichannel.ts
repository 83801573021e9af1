/**
 * The omnichannel records the statistics count (departments and business units, triggers, custom
 * fields, business hours, e-mail inboxes, contacts, tags, canned responses, priorities, SLAs).
 * Visitors and livechat rooms are written with the rooms.
 */
import type { SeedContext } from './context.js';
import { DAY, ago } from './context.js';
import type { CoreOmnichannel } from './core-rooms.js';
import { rngFor } from './random.js';
import type { SeedUser } from './users.js';

export function omnichannelIds(ctx: SeedContext): CoreOmnichannel {
  const rng = rngFor(ctx.seed, 'omnichannel-ids');
  return {
    departments: { sales: rng.id(), legacy: rng.id(), unit: rng.id() },
    priorityId: rng.id(),
    slaId: rng.id(),
    inboxId: rng.id(),
    appId: rng.uuid(),
  };
}

/** Documents per collection. */
export type CollectionDocs = Record<string, Record<string, unknown>[]>;

export function omnichannelDocs(ctx: SeedContext, ids: CoreOmnichannel, users: readonly SeedUser[]): CollectionDocs {
  const rng = rngFor(ctx.seed, 'omnichannel');
  const at = ago(ctx, 200 * DAY);
  const admin = users.find((u) => u.ref.username === 'admin')?.ref;
  if (!admin) throw new Error('the core users lost their admin');
  const createdBy = { _id: admin._id, username: admin.username };
  const visitorRef = (source: string) => ({ visitorId: rng.id(), source: { type: source } });
  const channel = (name: string, blocked: boolean, verified: boolean) => ({ name, visitor: visitorRef(name), blocked, verified, details: { type: name } });
  const contact = (name: string, extra: Record<string, unknown>) => ({
    _id: rng.id(),
    name,
    emails: [{ address: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org` }],
    phones: [],
    unknown: false,
    conflictingFields: [],
    createdAt: at,
    _updatedAt: at,
    ...extra,
  });
  return {
    rocketchat_livechat_department: [
      { _id: ids.departments.sales, enabled: true, name: 'Sales', description: 'Pre-sales questions', showOnRegistration: true, showOnOfflineForm: true, email: 'sales@example.com', numAgents: 2, requestTagBeforeClosingChat: false, _updatedAt: at },
      { _id: ids.departments.legacy, enabled: false, archived: true, name: 'Legacy support', description: '', showOnRegistration: false, showOnOfflineForm: false, email: '', numAgents: 0, _updatedAt: at },
      { _id: ids.departments.unit, type: 'u', enabled: true, name: 'EMEA', description: 'Business unit', showOnRegistration: false, showOnOfflineForm: false, email: '', numAgents: 0, ancestors: [], _updatedAt: at },
    ],
    rocketchat_livechat_priority: [{ _id: ids.priorityId, i18n: 'High', sortItem: 2, dirty: false, _updatedAt: at }],
    rocketchat_omnichannel_service_level_agreements: [{ _id: ids.slaId, name: 'Gold', description: 'Answer within 30 minutes', dueTimeInMinutes: 30, _updatedAt: at }],
    rocketchat_email_inbox: [
      {
        _id: ids.inboxId,
        active: true,
        name: 'Support',
        email: 'support@example.com',
        description: 'Public support address',
        senderInfo: 'Support team',
        department: ids.departments.sales,
        smtp: { server: 'smtp.example.com', port: 587, username: 'support@example.com', password: '', secure: true },
        imap: { server: 'imap.example.com', port: 993, username: 'support@example.com', password: '', secure: true, maxRetries: 10 },
        _createdAt: at,
        _createdBy: createdBy,
        _updatedAt: at,
      },
    ],
    rocketchat_livechat_trigger: [
      {
        _id: rng.id(),
        name: 'Welcome',
        description: 'Greets visitors after 10 seconds',
        enabled: true,
        runOnce: false,
        conditions: [{ name: 'time-on-site', value: 10 }],
        actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'Hi! How can we help?' } }],
        _updatedAt: at,
      },
      { _id: rng.id(), name: 'Pricing page', description: '', enabled: false, runOnce: true, conditions: [{ name: 'page-url', value: '/pricing' }], actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Sales', msg: 'Questions about plans?' } }], _updatedAt: at },
    ],
    rocketchat_livechat_custom_field: [
      { _id: 'company', label: 'Company', scope: 'visitor', visibility: 'visible', type: 'input', required: false, public: true, searchable: true, regexp: '', defaultValue: '', options: '', _updatedAt: at },
      { _id: 'crm-id', label: 'CRM id', scope: 'room', visibility: 'hidden', type: 'input', required: false, public: false, searchable: true, regexp: '^[0-9]+$', defaultValue: '', options: '', _updatedAt: at },
    ],
    rocketchat_livechat_business_hours: [
      {
        _id: rng.id(),
        name: '',
        active: true,
        type: 'default',
        ts: at,
        timezone: { name: 'UTC', utc: '0' },
        workHours: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((dayName) => ({
          day: dayName,
          start: { time: '08:00', utc: { dayOfWeek: dayName, time: '08:00' } },
          finish: { time: '18:00', utc: { dayOfWeek: dayName, time: '18:00' } },
          open: true,
        })),
        _updatedAt: at,
      },
    ],
    rocketchat_livechat_contact: [
      contact('Verified Vera', { channels: [channel('widget', false, true)] }),
      contact('Blocked Bo', { channels: [channel('sms', true, false)] }),
      contact('Partly Blocked Pia', { channels: [channel('widget', true, false), channel('email', false, false)] }),
      contact('Unknown Uma', { unknown: true, channels: [channel('widget', false, false)] }),
      contact('Conflict Cai', { conflictingFields: [{ field: 'name', value: 'Cai C.' }], channels: [channel('api', false, true)] }),
      contact('No Channel Nell', { channels: [] }),
    ],
    rocketchat_livechat_tag: [{ _id: rng.id(), name: 'billing', description: 'Billing questions', numDepartments: 1, departments: [ids.departments.sales], _updatedAt: at }],
    rocketchat_canned_response: [
      { _id: rng.id(), shortcut: 'thanks', text: 'Thank you for contacting us!', scope: 'global', tags: [], userId: admin._id, createdBy, _createdAt: at, _updatedAt: at },
    ],
  };
}
