/** Vocabulary for generated names and message text (invented, ASCII, no real people). */

export const FIRST_NAMES = [
  'Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo',
  'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tamar', 'Ugo', 'Vera', 'Wanjiru', 'Xavier', 'Yara', 'Zoltan',
  'Amara', 'Bao', 'Camila', 'Diego', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ivo', 'Jia', 'Kofi', 'Lucia', 'Mika', 'Noor',
] as const;

export const LAST_NAMES = [
  'Almeida', 'Berg', 'Castro', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski',
  'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Uysal', 'Vargas',
  'Weber', 'Xu', 'Yilmaz', 'Zanetti', 'Abebe', 'Bianchi', 'Costa', 'Dlamini', 'Esposito', 'Ferreira', 'Gomez', 'Hansen',
] as const;

export const WORDS = [
  'deploy', 'release', 'review', 'the', 'a', 'build', 'is', 'green', 'again', 'please', 'check', 'ticket', 'meeting',
  'at', 'noon', 'lunch', 'coffee', 'today', 'tomorrow', 'we', 'need', 'more', 'tests', 'for', 'this', 'branch', 'merged',
  'thanks', 'team', 'customer', 'asked', 'about', 'pricing', 'invoice', 'sent', 'server', 'restarted', 'logs', 'look',
  'fine', 'latency', 'spike', 'dashboard', 'updated', 'docs', 'draft', 'ready', 'ship', 'it', 'on', 'friday', 'not',
  'sure', 'can', 'you', 'help', 'with', 'migration', 'database', 'backup', 'finished', 'rollout', 'paused', 'hotfix',
  'incident', 'resolved', 'postmortem', 'next', 'week', 'sprint', 'planning', 'demo', 'slides', 'design', 'mockups',
  'feedback', 'welcome', 'onboarding', 'new', 'hire', 'starts', 'monday', 'vacation', 'calendar', 'shared', 'link',
  'budget', 'approved', 'quarter', 'goals', 'metrics', 'look', 'good', 'bug', 'reproduced', 'fixed', 'in', 'staging',
] as const;

export const ROOM_WORDS = [
  'ops', 'sales', 'support', 'design', 'backend', 'frontend', 'mobile', 'qa', 'infra', 'security', 'finance', 'legal',
  'hr', 'marketing', 'growth', 'data', 'platform', 'billing', 'docs', 'random', 'incidents', 'releases', 'partners',
  'events', 'hiring', 'office', 'books', 'music', 'games', 'travel',
] as const;

export const TEAM_WORDS = ['apollo', 'borealis', 'cascade', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'iris', 'juniper'] as const;

export const LANGUAGES = ['en', 'pt-BR', 'de', 'es', 'fr', 'ja', 'it', 'pl'] as const;
