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
  goldenPath?: {
    /**
     * The Golden Path templates this module provides as `Template` entities (read from the
     * installed package, no files to copy). Backend-only.
     */
    templates?: {
      /** Provide the packaged templates at all. Default: true. */
      enabled?: boolean;
      /**
       * Names (`metadata.name`) of packaged templates not to provide, e.g. `[s3-bucket]`. A name
       * that is not a packaged template stops the backend at start-up, listing the known names.
       */
      exclude?: string[];
    };
  };
}
