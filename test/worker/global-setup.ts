// The client build, its _headers and migrations.js must exist before workerd loads wrangler.toml.
export default async function setup() {
  const script: string = '../../scripts/worker-build.mjs';
  await import(script);
}
