// A request-wide transaction: opened at the request's first query, committed or rolled back once
// the response is known. Lets every area get "all or nothing" and an audit entry in the same
// transaction as the change, without threading a transaction through every service.
import type { Database } from './client';
import { foldIntoNext, inlineParams } from './fold';
import type { Tx } from './tx';

const ROLLBACK = Symbol('rollback');

export interface UnitOfWork {
  /** The transaction handlers query through (typed as the database: nested `.transaction` = savepoint). */
  tx: Promise<Database>;
  /**
   * Commits or rolls back; true if committed. `withCommit`: a statement (the audit entry) sent in
   * the same round trip as COMMIT (db/fold.ts); its failure fails the commit.
   */
  end(commit: boolean, withCommit?: { sql: string; params: unknown[] }): Promise<boolean>;
}

export function startUnitOfWork(db: Database): UnitOfWork {
  type Decision = { commit: boolean; withCommit?: { sql: string; params: unknown[] } };
  let decide!: (d: Decision) => void;
  const decision = new Promise<Decision>((r) => (decide = r));
  let ready!: (tx: Tx) => void;
  let failed!: (err: unknown) => void;
  const tx = new Promise<Tx>((res, rej) => {
    ready = res;
    failed = rej;
  });
  const done = db
    .transaction(async (t) => {
      ready(t);
      const d = await decision;
      if (!d.commit) throw ROLLBACK;
      const extra = d.withCommit;
      if (extra) foldIntoNext(db, /^\s*commit\b/i, (text, client) => `${inlineParams(extra, client)}; ${text}`);
    })
    .then(
      () => true,
      (err) => {
        if (err === ROLLBACK) return false;
        failed(err); // BEGIN itself failed: the handler's first query sees it
        throw err;
      },
    );
  return {
    tx: tx as unknown as Promise<Database>,
    end(commit, withCommit) {
      decide({ commit, withCommit });
      return done;
    },
  };
}
