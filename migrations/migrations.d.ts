// Types for migrations.js, which drizzle-kit (driver: 'durable-sqlite') and scripts/worker-build.mjs write.
declare const migrations: {
  journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] };
  migrations: Record<string, string>;
};
export default migrations;
