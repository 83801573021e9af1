/** Every command the bot knows, in help order. A test checks that each file here is listed. */
import type { BotCommand } from '../src/dispatch/services.js';
import info from './info.js';
import infoCompare from './info-compare.js';
import infoConfirm from './info-confirm.js';
import infoAlerts from './info-alerts.js';
import infoDeployment from './info-deployment.js';
import infoDisableSlash from './info-disable-slash.js';
import infoDownload from './info-download.js';
import infoEnableSlash from './info-enable-slash.js';
import infoFederation from './info-federation.js';
import infoFederationDisable from './info-federation-disable.js';
import infoFederationDns from './info-federation-dns.js';
import infoFederationEnable from './info-federation-enable.js';
import infoFederationSet from './info-federation-set.js';
import infoFederationSettings from './info-federation-settings.js';
import infoHelp from './info-help.js';
import infoHistory from './info-history.js';
import infoLicense from './info-license.js';
import infoRefresh from './info-refresh.js';
import infoSchedule from './info-schedule.js';
import infoUsage from './info-usage.js';
import license from './license.js';
import licenseApply from './license-apply.js';
import licenseCancel from './license-cancel.js';
import licenseHistory from './license-history.js';
import licenseStatus from './license-status.js';

export const commands: readonly BotCommand[] = [
  info,
  infoDeployment,
  infoLicense,
  infoUsage,
  infoFederation,
  infoFederationSettings,
  infoFederationSet,
  infoFederationEnable,
  infoFederationDisable,
  infoFederationDns,
  infoRefresh,
  infoDownload,
  infoCompare,
  infoHistory,
  infoSchedule,
  infoAlerts,
  license,
  licenseStatus,
  licenseHistory,
  licenseApply,
  licenseCancel,
  infoEnableSlash,
  infoDisableSlash,
  infoConfirm,
  infoHelp,
];
