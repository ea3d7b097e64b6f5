// The README's "Installing into an existing Backstage" section, as data: the install test applies
// exactly these steps to a stock app, and readme.test.mjs checks that the README shows each one
// verbatim. Change one, change the other.

/** Run from the app's root folder. */
export const COMMANDS = [
  'yarn --cwd packages/backend add @golden-path/plugin-golden-path-backend @golden-path/plugin-scaffolder-backend-module-golden-path @golden-path/plugin-catalog-backend-module-golden-path @backstage/plugin-events-backend',
  'yarn --cwd packages/app add @golden-path/plugin-golden-path',
];

/** Lines added to packages/backend/src/index.ts, before `backend.start();`. */
export const BACKEND_LINES = [
  "backend.add(import('@backstage/plugin-events-backend'));",
  "backend.add(import('@golden-path/plugin-golden-path-backend'));",
  'backend.add(',
  "  import('@golden-path/plugin-scaffolder-backend-module-golden-path'),",
  ');',
  "backend.add(import('@golden-path/plugin-catalog-backend-module-golden-path'));",
];

/** Appended to app-config.yaml (edit the values for your organisation). */
export const CONFIG_BLOCK = `goldenPath:
  mode: plan
  github:
    org: my-org
  aws:
    accountId: '123456789012'
    region: eu-west-1
  environments:
    dev:
      regions: [eu-west-1]
      rds:
        subnetGroup: my-dev-private-subnets
        securityGroupIds: [sg-0123456789abcdef0]
      elasticache:
        subnetGroup: my-dev-private-subnets
        securityGroupIds: [sg-0123456789abcdef0]
        userGroupId: my-dev-app-users
  budget:
    teamMonthly:
      default: 1000
`;

/** Settings the section asks to change in the app-config.yaml the app already has. */
export const CONFIG_EDITS = [
  {
    // Guest sign-in must resolve to a user the catalog knows, or every request is refused with
    // GP-OWNERSHIP (no membership, no owner).
    path: ['auth', 'providers', 'guest'],
    value: { userEntityRef: 'user:default/guest' },
  },
];

/** Counts the lines of code the section asks an adopter to change (config excluded). */
export const CODE_LINES_CHANGED = BACKEND_LINES.length;
