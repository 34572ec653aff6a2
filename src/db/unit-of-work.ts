// A request-wide transaction: opened at the request's first query, committed or rolled back once
// the response is known. Lets every area get "all or nothing" and an audit entry in the same
// transaction as the change, without threading a transaction through every service.
import type { Database } from './client';
import type { Tx } from './tx';

const ROLLBACK = Symbol('rollback');

export interface UnitOfWork {
  /** The transaction handlers query through (typed as the database: nested `.transaction` = savepoint). */
  tx: Promise<Database>;
  /** Commits (running `beforeCommit` inside the transaction first) or rolls back; true if committed. */
  end(commit: boolean, beforeCommit?: (tx: Tx) => Promise<void>): Promise<boolean>;
}

export function startUnitOfWork(db: Database): UnitOfWork {
  let decide!: (d: { commit: boolean; beforeCommit?: (tx: Tx) => Promise<void> }) => void;
  const decision = new Promise<{ commit: boolean; beforeCommit?: (tx: Tx) => Promise<void> }>((r) => (decide = r));
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
      await d.beforeCommit?.(t);
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
    end(commit, beforeCommit) {
      decide({ commit, beforeCommit });
      return done;
    },
  };
}
