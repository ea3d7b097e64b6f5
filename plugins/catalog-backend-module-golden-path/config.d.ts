export interface Config {
  catalog?: {
    providers?: {
      /** The Golden Path resource provider (@golden-path/plugin-catalog-backend-module-golden-path). */
      goldenPath?: {
        /**
         * How often every active resource is re-read from the golden-path inventory (a full
         * mutation). New resources arrive sooner, on the inventory's events. Default: every 30
         * minutes, first after 15 seconds.
         */
        schedule?: {
          frequency: { cron: string } | string | { [unit: string]: number };
          timeout: string | { [unit: string]: number };
          initialDelay?: string | { [unit: string]: number };
        };
      };
    };
  };
}
