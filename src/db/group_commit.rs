//! Group commit for SQLite. SQLite commits one write transaction at a time, and with
//! `synchronous=FULL` each commit waits for an fsync; in a deadline rush those fsyncs would queue
//! one behind the other. One writer thread instead takes every write that is waiting, runs each
//! in its own savepoint (a failing one is undone alone), and commits them together with a single
//! fsync. Each caller learns its result only after the commit is durable.

use std::sync::mpsc;

use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::{DbConnection, Pool};
use crate::error::AppError;

/// Most writes committed together; bounds the time a transaction holds the write lock.
const MAX_BATCH: usize = 64;

/// A write: runs inside the batch's transaction and returns how to deliver its result once the
/// commit's outcome is known.
type Job = Box<dyn FnOnce(&mut DbConnection) -> Box<dyn FnOnce(Result<(), String>) + Send> + Send>;

#[derive(Clone)]
pub struct GroupCommitter {
    jobs: mpsc::Sender<Job>,
}

impl GroupCommitter {
    /// Starts the writer thread with a connection of its own from the pool.
    pub fn start(pool: Pool) -> std::io::Result<GroupCommitter> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match queue.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    run_batch(&pool, batch);
                }
            })?;
        Ok(GroupCommitter { jobs })
    }

    /// Runs `f` in the next group commit and returns its result once it is durable.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel::<Result<T, AppError>>();
        let job: Job = Box::new(move |conn| {
            let result = f(conn);
            Box::new(move |committed: Result<(), String>| {
                let outcome = match committed {
                    Ok(()) => result,
                    Err(e) => Err(AppError::Unexpected(anyhow::anyhow!("commit failed: {e}"))),
                };
                let _ = reply.send(outcome);
            })
        });
        self.jobs.send(job).map_err(|_| {
            AppError::Unexpected(anyhow::anyhow!("the database writer has stopped"))
        })?;
        answer.await.map_err(|_| {
            AppError::Unexpected(anyhow::anyhow!("the database writer dropped a write"))
        })?
    }
}

fn run_batch(pool: &Pool, batch: Vec<Job>) {
    // On any failure before the commit the jobs are dropped unrun, and each caller is told.
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(e) => {
            tracing::error!(error = %e, writes = batch.len(), "database writer has no connection");
            return;
        }
    };
    let conn: &mut DbConnection = &mut conn;
    let begun = match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        DbConnection::Postgres(_) => Ok(()),
    };
    if let Err(e) = begun {
        tracing::error!(error = %e, "cannot begin a group commit");
        return;
    }
    // Each job's own `write_tx` sees the open transaction and uses a savepoint.
    let deliveries: Vec<_> = batch.into_iter().map(|job| job(conn)).collect();
    let committed = match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::commit_transaction(c).map_err(|e| e.to_string())
        }
        DbConnection::Postgres(_) => Ok(()),
    };
    if committed.is_err()
        && let DbConnection::Sqlite(c) = conn
    {
        let _ = AnsiTransactionManager::rollback_transaction(c);
    }
    for deliver in deliveries {
        deliver(committed.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::accounts::{Authority, insert_authority, list_authorities};
    use crate::db::write_tx;

    fn authority(n: usize) -> Authority {
        Authority {
            id: format!("a{n}"),
            name: format!("Ente {n}"),
            fiscal_code: format!("{n:011}"),
            address: "Via Roma 1".into(),
            created_at: chrono::Utc::now().naive_utc(),
            profile: None,
        }
    }

    #[tokio::test]
    async fn a_failing_write_is_undone_alone_and_the_others_are_committed() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::connect(&dir.path().join("t.db").to_string_lossy()).unwrap();
        let writer = GroupCommitter::start(pool.clone()).unwrap();
        let writes = (0..20).map(|n| {
            let writer = writer.clone();
            async move {
                writer
                    .write(move |conn| {
                        write_tx(conn, |conn| {
                            insert_authority(conn, &authority(n))?;
                            if n == 7 {
                                Err(AppError::conflict("refused"))
                            } else {
                                Ok(n)
                            }
                        })
                    })
                    .await
            }
        });
        let results = futures_util::future::join_all(writes).await;
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 1);
        assert!(results[7].is_err());
        let stored = list_authorities(&mut pool.get().unwrap()).unwrap();
        assert_eq!(stored.len(), 19);
        assert!(stored.iter().all(|a| a.id != "a7"));
    }
}
