import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { SLACK_SIGNATURE_WINDOW_SECONDS } from './signature';

export const SLACK_REQUESTS_TABLE = 'golden_path_slack_requests';

/**
 * Remembers the signed Slack requests already served, in the plugin's database, so a request
 * replayed within the signature window is refused by every replica. Only the hash of the signature
 * is stored (never the body, never anything of the signing secret).
 */
export class ReplayGuard {
  constructor(private readonly knex: Knex) {}

  /**
   * Records the request; true the first time a signature is seen, false for a replay. Call it only
   * after the signature and timestamp were verified, so unsigned traffic writes nothing.
   */
  async firstSeen(
    signature: string,
    timestampSeconds: number,
    nowSeconds: number,
  ): Promise<boolean> {
    const signatureHash = createHash('sha256').update(signature).digest('hex');
    // Older rows can no longer be replayed (their timestamp is outside the window); twice the
    // window leaves room for clocks that differ between replicas.
    await this.knex(SLACK_REQUESTS_TABLE)
      .where('request_ts', '<', nowSeconds - 2 * SLACK_SIGNATURE_WINDOW_SECONDS)
      .delete();
    try {
      await this.knex(SLACK_REQUESTS_TABLE).insert({
        signature_hash: signatureHash,
        request_ts: timestampSeconds,
      });
      return true;
    } catch (e) {
      // A unique violation (whatever the database calls it) means another request got there first.
      const seen = await this.knex(SLACK_REQUESTS_TABLE)
        .where({ signature_hash: signatureHash })
        .first();
      if (seen) return false;
      throw e;
    }
  }
}
