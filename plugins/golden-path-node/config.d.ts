export interface Config {
  /** Golden Path: guarded self-service provisioning. See docs/config.md. */
  goldenPath?: {
    /** plan (default): build, check and log every request, change nothing. live: send them. */
    mode?: 'plan' | 'live';
    github?: {
      /** The organisation every repository is created in. Never taken from a form. */
      org?: string;
      /** GitHub host (an integrations.github entry supplies the API URL and credentials). Default github.com. */
      host?: string;
    };
    aws?: {
      /** Account the AWS actions provision into (credentials come from aws.* config). */
      accountId?: string;
      /** Default region when a profile names none. */
      region?: string;
    };
    /**
     * Policy profiles by name (e.g. dev, prod). Each overrides the baseline defaults;
     * see docs/guardrails.md for every key.
     */
    environments?: {
      [name: string]: {
        description?: string;
        regions?: string[];
        defaultRegion?: string;
        requiredTags?: string[];
        github?: {
          allowedVisibilities?: Array<'private' | 'internal' | 'public'>;
          defaultVisibility?: 'private' | 'internal' | 'public';
          repoNamePattern?: string;
          minApprovals?: number;
          secretScopes?: Array<'repository' | 'environment'>;
        };
        s3?: {
          allowedEncryption?: Array<'aws:kms' | 'AES256'>;
          defaultEncryption?: 'aws:kms' | 'AES256';
          kmsKeyId?: string;
          requireVersioning?: boolean;
          accessLogBucket?: string;
          noncurrentVersionExpirationDays?: number;
          abortIncompleteUploadDays?: number;
        };
        rds?: {
          engines?: { [engine: string]: string[] };
          defaultEngine?: string;
          instanceClasses?: string[];
          defaultInstanceClass?: string;
          minStorageGb?: number;
          maxStorageGb?: number;
          defaultStorageGb?: number;
          requireDeletionProtection?: boolean;
          requireMultiAz?: boolean;
          minBackupRetentionDays?: number;
          subnetGroup?: string;
          securityGroupIds?: string[];
        };
        elasticache?: {
          engines?: { [engine: string]: string[] };
          defaultEngine?: 'redis' | 'valkey';
          nodeTypes?: string[];
          defaultNodeType?: string;
          minSnapshotRetentionDays?: number;
          requireAutomaticFailover?: boolean;
          maxNodes?: number;
          subnetGroup?: string;
          securityGroupIds?: string[];
          userGroupId?: string;
        };
        /** Relaxed rules (relaxable ones only), each with the reason recorded. */
        relax?: Array<{ rule: string; reason: string }>;
        /**
         * Time-boxed exceptions approvers may grant here (docs/exceptions.md). Only exceptable
         * rules; exposure rules and budgets stop the backend at start-up.
         */
        exceptions?: {
          /** Rule ids an approved exception may set aside for one request (default none). */
          rules?: string[];
          /** Group whose members approve (default goldenPath.exceptions.approvers). */
          approvers?: string;
          /** Longest an exception lasts once approved, in days (1 to 90; default goldenPath.exceptions.maxDays). */
          maxDays?: number;
        };
      };
    };
    /** Defaults for every environment's `exceptions`. */
    exceptions?: {
      /** Group whose members approve exceptions, by trusted catalog sources (default group:default/platform). */
      approvers?: string;
      /** Longest an exception lasts once approved, in days (default 7, at most 90). */
      maxDays?: number;
    };
    /**
     * Where facts about people, teams and ownership come from (see docs/security.md). Only catalog
     * entities whose origin location is trusted count: by default the locations in
     * catalog.locations, never locations a user registers through the catalog API.
     */
    trust?: {
      /** Also trust these locations (`type:target`, exact or ending in `*`), e.g. an entity provider's. */
      catalogLocations?: string[];
      /** Trust the entries of catalog.locations (default true). */
      includeConfiguredCatalogLocations?: boolean;
      /** Groups whose members may change any team's inventory records (default group:default/platform). */
      platformGroups?: string[];
      /**
       * How long a user's groups, read from the trusted sources, are reused for that same user
       * (default 10; 0 reads the catalog on every check; at most 300).
       */
      membershipCacheSeconds?: number;
    };
    /** The spend ledger. */
    ledger?: {
      /** How long a reservation holds when its action neither confirms nor releases it (default 60). */
      reservationMinutes?: number;
    };
    budget?: {
      currency?: string;
      maxMonthlyPerRequest?: number;
      /** Monthly budget per team (group name or ref), with `default`. */
      teamMonthly?: { [team: string]: number };
    };
    /**
     * Price overrides and additions; see docs/config.md. A region or type without a price is
     * refused (no fallback to another region).
     */
    prices?: {
      hoursPerMonth?: number;
      /** Valkey's price as a share of Redis OSS's. Default 0.8. */
      valkeyFactor?: number;
      /**
       * USD by region, then by item: per hour for an instance, DB or node type (`t3.micro`,
       * `db.t4g.micro`, `cache.t4g.micro`), per GB-month for storage (`ebs:gp3`, `rds:gp3`, `s3:standard`).
       */
      regions?: { [region: string]: { [item: string]: number } };
    };
    /**
     * The reconciler of the golden-path backend: asks AWS about RDS instances and ElastiCache
     * groups whose action returned while they were still being created, and records them
     * available (with the endpoint) or failed; see docs/inventory.md.
     */
    reconciler?: {
      /** Schedule (SchedulerServiceTaskScheduleDefinitionConfig). Default every minute. */
      schedule?: {
        frequency: { cron: string } | string | { [unit: string]: number };
        timeout: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
      };
    };
    /** Ticket baseline defaults and the collector schedule; see docs/metrics.md. */
    metrics?: {
      /** Cost of one ops hour, in budget.currency. Default 95. */
      hourlyRate?: number;
      /**
       * Cost of one developer hour spent waiting (idle salary), in budget.currency. Default: the
       * same as hourlyRate.
       */
      developerHourlyRate?: number;
      /**
       * When people work: developer wait is counted in working hours of this calendar, and a day
       * in a duration (P2D) is one working day. Default 09:00 + 8 h, Monday–Friday, UTC.
       */
      calendar?: {
        /** IANA time zone, e.g. Europe/Berlin. Default UTC. */
        timeZone?: string;
        /** Local start of the working day, HH:MM. Default 09:00. */
        workdayStart?: string;
        /** Working hours per day. Default 8. */
        hoursPerDay?: number;
        /** Days worked: mon, tue, wed, thu, fri, sat, sun. Default mon–fri. */
        workdays?: string[];
        /** Dates not worked, YYYY-MM-DD. */
        holidays?: string[];
      };
      /** How long a ticket waited in the queue (ISO-8601), when a template does not say. Default P3D. */
      defaultTicketQueue?: string;
      /** Ops hands-on time per ticket (ISO-8601), when a template does not say. Default PT45M. */
      defaultOpsEffort?: string;
      /** People in the ops team, for the TicketOps share of capacity. Default 5. */
      opsTeamSize?: number;
      /** Hours each of them works per week. Default 40. */
      opsHoursPerWeek?: number;
      /** Backfill schedule (SchedulerServiceTaskScheduleDefinitionConfig). Default every 5 minutes. */
      schedule?: {
        frequency: { cron: string } | string | { [unit: string]: number };
        timeout: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
      };
    };
    /**
     * Ticket sources for measured baselines (docs/tickets.md): Jira Cloud, GitHub Issues and CSV
     * exports, read on a schedule and stored as facts only (no ticket text, no reporter identity).
     */
    tickets?: {
      /** Sync schedule (SchedulerServiceTaskScheduleDefinitionConfig). Default every 30 minutes, timeout 10. */
      schedule?: {
        frequency: { cron: string } | string | { [unit: string]: number };
        timeout: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
      };
      /**
       * Group whose members (by trusted catalog sources) may upload CSV exports and start a sync.
       * Default goldenPath.exceptions.approvers, else group:default/platform.
       */
      importers?: string;
      /** Pages each source reads per ticket type in one sync (default 20); the next sync resumes there. */
      maxPagesPerRun?: number;
      /** CSV uploads. */
      csv?: {
        /** IANA zone of the exports' local times (default UTC). */
        timeZone?: string;
        /** Largest upload in MB (default 10); larger ones are refused with 413. */
        maxUploadMb?: number;
      };
      /** Jira Cloud, read with an Atlassian API token. */
      jira?: {
        /** The site, e.g. https://acme.atlassian.net. */
        baseUrl: string;
        /** Email of the account the API token belongs to. */
        email: string;
        /**
         * Atlassian API token of that account (read access to the projects queried).
         * @visibility secret
         */
        apiToken: string;
        /** Statuses whose first transition marks a ticket started. Default [In Progress]. */
        startedStatuses?: string[];
      };
      /** GitHub Issues; credentials come from integrations.github for the host. */
      github?: {
        /** Default repository (owner/name) of ticket issues. */
        repo?: string;
        /** GitHub host. Default goldenPath.github.host, else github.com. */
        host?: string;
      };
      /** Ticket types: what each ticket was, and which templates replace it. */
      types?: Array<{
        /** The templates' golden-path.io/replaces-ticket value. */
        name: string;
        title?: string;
        /** Template refs that replace it (e.g. template:default/postgres-database). */
        templates?: string[];
        /** When its path went live (YYYY-MM-DD). Default: the first run of one of its templates. */
        liveSince?: string;
        jira?: { jql: string };
        /** Issues with all these labels; repo defaults to tickets.github.repo. */
        github?: { repo?: string; labels: string[] };
        /** Values of the export's type column (Jira Issue Type, ServiceNow category). */
        csv?: { values: string[] };
      }>;
    };
    /**
     * The Slack door: the `/golden-path` slash command and its modal (docs/slack.md). Absent: the
     * Slack routes answer 404. Tasks run as the Slack user's Backstage user, which needs the auth
     * module `@golden-path/plugin-golden-path-backend/auth` and `auth.providers.golden-path-slack`.
     */
    slack?: {
      /**
       * The Slack app's signing secret (Basic Information → App Credentials). Every request is
       * checked against it; nothing starts without a valid signature.
       * @visibility secret
       */
      signingSecret: string;
      /**
       * The app's bot token (xoxb-…), with the scopes `commands`, `users:read`, `users:read.email`.
       * @visibility secret
       */
      botToken: string;
      /** Slack Web API base URL. Default https://slack.com/api. */
      apiBaseUrl?: string;
      /** Origins a slash command's response_url may have. Default [https://hooks.slack.com]. */
      responseUrlOrigins?: string[];
      /** Only these Golden Path templates (names or refs). Default: every Golden Path template from a source the platform controls. */
      templates?: string[];
      /** Slack workspace (team) ids served. Default: any workspace the app is installed in. */
      teamIds?: string[];
    };
  };
  auth?: {
    providers?: {
      /**
       * The golden-path Slack sign-in (auth module `@golden-path/plugin-golden-path-backend/auth`):
       * present (`{}`) to let the golden-path backend obtain a token for the Backstage user it
       * mapped a verified Slack user to. It takes no settings; see docs/slack.md.
       */
      'golden-path-slack'?: {};
    };
  };
}
