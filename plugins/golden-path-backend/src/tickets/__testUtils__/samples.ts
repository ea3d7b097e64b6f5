/* CSV exports as Jira and ServiceNow write them, for the import tests. */

/** Jira's standard export: more columns than read, a quoted multi-line description, Jira's dates. */
export const JIRA_CSV = [
  'Summary,Issue key,Issue id,Issue Type,Status,Priority,Reporter,Created,Updated,Resolved,Time Spent,Description',
  'Prod DB for ledger,OPS-101,10101,Database request,Done,Medium,alice@acme.test,02/Mar/26 9:00 AM,04/Mar/26 3:00 PM,04/Mar/26 3:00 PM,3600,"Needs 20 GB,\nPITR on"',
  'Secret for deploy,OPS-102,10102,CI secret,Done,Low,Bob Baker,05/Mar/26 2:00 PM,10/Mar/26 12:00 PM,10/Mar/26 12:00 PM,,Add DEPLOY_KEY',
  'Analytics DB,OPS-103,10103,Database,In Progress,High,Dana Doe,2026-04-01T08:00:00.000+0200,2026-04-02T10:00:00.000+0200,,,',
  'Laptop,OPS-104,10104,Hardware,Done,Low,Carol Cole,01/Apr/26 9:00 AM,01/Apr/26 9:00 AM,,,',
  'Broken date,OPS-105,10105,Database request,Done,Low,Carol Cole,yesterday,,,,',
  'No key,,10106,Database request,Done,Low,Carol Cole,01/Apr/26 9:00 AM,,,,',
  'Bad spent,OPS-107,10107,Database request,Done,Low,Carol Cole,01/Apr/26 9:00 AM,,,lots,',
].join('\n');

/** ServiceNow's standard list export (raw values), with resolved_at empty where closed_at is set. */
export const SERVICENOW_CSV = [
  '"number","short_description","category","opened_at","opened_by","caller_id","sys_updated_on","resolved_at","closed_at","work_start","time_worked","description"',
  '"RITM0010042","Postgres for checkout","Database","2026-11-02 09:00:00","Service Desk","carol@acme.test","2026-11-03 17:00:00","2026-11-03 16:00:00","","2026-11-02 13:30:00","1970-01-01 01:30:00","Please"',
  '"RITM0010043","Another DB","database","2026-11-04 10:00:00","alice@acme.test","","2026-11-06 11:00:00","","2026-11-06 11:00:00","","2 Hours 15 Minutes",""',
  '"RITM0010044","Printer","Hardware","2026-11-04 10:00:00","","","","","","","",""',
].join('\r\n');
