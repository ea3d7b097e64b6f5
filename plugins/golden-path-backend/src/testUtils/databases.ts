import knexFactory, { Knex } from 'knex';
import { migratedClient } from '../service/ResourceStore';

/** A migrated test database: every `client()` is a separate pool on it (a replica on PostgreSQL). */
export interface Db {
  client(): Promise<Knex>;
  done(): Promise<void>;
}

export function sqliteDb(): Db {
  const open: Knex[] = [];
  return {
    async client() {
      const knex = knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
      open.push(knex);
      return migratedClient({ getClient: async () => knex } as any);
    },
    async done() {
      await Promise.all(open.splice(0).map(k => k.destroy()));
    },
  };
}

/** A fresh database per run; every `client()` is a separate pool on it (two "replicas"). */
export function postgresDb(url: string): Db {
  const name = `gp_test_${Date.now().toString(36)}_${Math.floor(
    Math.random() * 1e6,
  )}`;
  const admin = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 1 },
  });
  const open: Knex[] = [];
  let created = false;
  const dbUrl = () => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return {
    async client() {
      if (!created) {
        await admin.raw(`create database ${name}`);
        created = true;
      }
      const knex = knexFactory({
        client: 'pg',
        connection: dbUrl(),
        pool: { min: 0, max: 5 },
      });
      open.push(knex);
      return migratedClient({ getClient: async () => knex } as any);
    },
    async done() {
      await Promise.all(open.splice(0).map(k => k.destroy()));
      if (created)
        await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
