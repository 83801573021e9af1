// psl ships types (types/index.d.ts) that its package.json "exports" hides from NodeNext resolution; the one
// function used here, typed after them.
declare module 'psl' {
  export function parse(domain: string): { subdomain: string | null } | { error: { code: string; message: string } };
}
