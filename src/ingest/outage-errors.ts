// Whether a job failed because Postgres or Redis could not be reached, rather than because of its own work. The
// recovery sweep restarts such jobs without counting it against the article: an outage says nothing about the
// article, and fails every job in flight at once. The sweep cannot run during an outage either (it reads Postgres),
// but that alone would not do: an article still queued through four short outages (a failover that flaps) would be
// given up on.
//
// BullMQ keeps only the message of a failed job's last error (job.failedReason), not the error object, so the
// message is what can be judged. The patterns are those of the clients we use, checked against a stopped server.

const OUTAGE_MESSAGES: RegExp[] = [
  // Prisma's P1001 (adapter-pg: DatabaseNotReachable), for a model query and for a raw one alike.
  /Can't reach database server/,
  // The server shut down (or restarted) under an open connection: `pg_ctl stop -m fast`, a failover.
  /terminating connection due to administrator command/,
  /the database system is (starting up|shutting down|in recovery mode)/,
  // node-postgres: "Connection terminated unexpectedly", "... due to connection timeout".
  /Connection terminated/,
  /timeout exceeded when trying to connect/,
  // ioredis: a command on a connection that is down, or queued with the offline queue turned off.
  /Connection is closed/,
  /enableOfflineQueue/,
  // The system call errors of a connection that cannot be made or was cut (either service).
  /\bE(CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|NOTFOUND|AI_AGAIN)\b/,
];

export function isOutageFailure(message: string): boolean {
  return OUTAGE_MESSAGES.some((pattern) => pattern.test(message));
}
