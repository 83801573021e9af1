/**
 * getServicesStatistics (apps/meteor/app/statistics/server/lib/getServicesStatistics.ts): login services (LDAP, SAML,
 * CAS, OAuth) with their settings and active-user counts, as the newest stored revision has it (the async one with
 * SAML's userDataCustomFieldMap and the custom services' mapChannels/rolesToSync; search index file id 1272576772).
 * Older stored revisions (@c8a523ba, synchronous; @065f50c7, async) lack those three keys; no changelog entry or
 * release tag dates the change, so this reference has the newest shape for every version. Every stored revision,
 * the newest included, still lists `tokenpass`.
 */
import type { StatsContext } from './context.js';
import { countActiveUsersByService } from './users.js';

// [statistics key, setting id, services.<name> key]
const OAUTH: readonly [string, string, string][] = [
  ['apple', 'Accounts_OAuth_Apple', 'apple'],
  ['dolphin', 'Accounts_OAuth_Dolphin', 'dolphin'],
  ['drupal', 'Accounts_OAuth_Drupal', 'drupal'],
  ['facebook', 'Accounts_OAuth_Facebook', 'facebook'],
  ['github', 'Accounts_OAuth_Github', 'github'],
  ['githubEnterprise', 'Accounts_OAuth_GitHub_Enterprise', 'github_enterprise'],
  ['gitlab', 'Accounts_OAuth_Gitlab', 'gitlab'],
  ['google', 'Accounts_OAuth_Google', 'google'],
  ['linkedin', 'Accounts_OAuth_Linkedin', 'linkedin'],
  ['meteor', 'Accounts_OAuth_Meteor', 'meteor'],
  ['nextcloud', 'Accounts_OAuth_Nextcloud', 'nextcloud'],
  ['tokenpass', 'Accounts_OAuth_Tokenpass', 'tokenpass'],
  ['twitter', 'Accounts_OAuth_Twitter', 'twitter'],
  ['wordpress', 'Accounts_OAuth_Wordpress', 'wordpress'],
];

/** statistics.services, with Rocket.Chat's sequential per-service user counts. */
export async function servicesStatistics(ctx: StatsContext): Promise<Record<string, unknown>> {
  const { db, settings: s } = ctx;
  const users = (service: string) => countActiveUsersByService(db, service);
  const ldap = {
    users: await users('ldap'),
    enabled: s.get('LDAP_Enable'),
    loginFallback: s.get('LDAP_Login_Fallback'),
    encryption: s.get('LDAP_Encryption'),
    mergeUsers: s.get('LDAP_Merge_Existing_Users'),
    syncRoles: s.get('LDAP_Sync_User_Data_Roles'),
    syncRolesAutoRemove: s.get('LDAP_Sync_User_Data_Roles_AutoRemove'),
    syncData: s.get('LDAP_Sync_Custom_Fields'),
    syncChannels: s.get('LDAP_Sync_User_Data_Channels'),
    syncAvatar: s.get('LDAP_Sync_User_Avatar'),
    groupFilter: s.get('LDAP_Group_Filter_Enable'),
    backgroundSync: {
      enabled: s.get('LDAP_Background_Sync'),
      interval: s.get('LDAP_Background_Sync_Interval'),
      newUsers: s.get('LDAP_Background_Sync_Import_New_Users'),
      existingUsers: s.get('LDAP_Background_Sync_Keep_Existant_Users_Updated'),
    },
    ee: {
      syncActiveState: s.get('LDAP_Sync_User_Active_State'),
      syncTeams: s.get('LDAP_Enable_LDAP_Groups_To_RC_Teams'),
      syncRoles: s.get('LDAP_Sync_User_Data_Roles'),
    },
  };
  const saml = {
    enabled: s.get('SAML_Custom_Default'),
    users: await users('saml'),
    signatureValidationType: s.get('SAML_Custom_Default_signature_validation_type'),
    generateUsername: s.get('SAML_Custom_Default_generate_username'),
    updateSubscriptionsOnLogin: s.get('SAML_Custom_Default_channels_update'),
    syncRoles: s.get('SAML_Custom_Default_role_attribute_sync'),
    // Whether the map was changed from its default, not the map itself.
    userDataCustomFieldMap: !(s.getSetting('SAML_Custom_Default_user_data_custom_fieldmap')?.packageValue === s.getSetting('SAML_Custom_Default_user_data_custom_fieldmap')?.value),
  };
  const cas = {
    enabled: s.get('CAS_enabled'),
    users: await users('cas'),
    allowUserCreation: s.get('CAS_Creation_User_Enabled'),
    alwaysSyncUserData: s.get('CAS_Sync_User_Data_Enabled'),
  };
  const oauth: Record<string, unknown> = {};
  for (const [key, setting, service] of OAUTH) {
    oauth[key] = { enabled: s.get(setting), users: await users(service) };
  }
  // Custom OAuth services are the settings matching Rocket.Chat's unanchored /Accounts_OAuth_Custom-[^-]+$/im (no
  // further dash); counted in parallel.
  oauth.custom = Object.fromEntries(
    await Promise.all(
      s.matching(/Accounts_OAuth_Custom-[^-]+$/im).map(async ([id, value]) => {
        const name = id.replace('Accounts_OAuth_Custom-', '');
        return [
          name,
          {
            enabled: Boolean(value),
            mergeRoles: s.get(`Accounts_OAuth_Custom-${name}-merge_roles`),
            users: await users(name),
            mapChannels: s.get(`Accounts_OAuth_Custom-${name}-map_channels`),
            // Whether roles to sync are set, not the list.
            rolesToSync: !!s.get(`Accounts_OAuth_Custom-${name}-roles_to_sync`),
          },
        ] as const;
      }),
    ),
  );
  return { ldap, saml, cas, oauth };
}
