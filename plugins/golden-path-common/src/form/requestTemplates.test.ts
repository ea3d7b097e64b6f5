import { fillRequests, isComplete } from './requestTemplates';

const templates = [
  {
    kind: 'rds-instance',
    name: '${{ parameters.name }}-db',
    owner: '${{ parameters.owner }}',
    environment: '${{ parameters.environment }}',
    allocatedStorageGb: '${{ parameters.size }}',
    tags: { 'cost-center': '${{ parameters.costCenter }}' },
  },
  {
    kind: 's3-bucket',
    if: '${{ parameters.createBucket }}',
    name: '${{ parameters.name }}-${{ parameters.environment }}-files',
    owner: '${{ parameters.owner }}',
    environment: '${{ parameters.environment }}',
  },
];

describe('fillRequests', () => {
  it('fills parameter references, keeping whole references typed', () => {
    const requests = fillRequests(templates, {
      name: 'orders',
      owner: 'group:default/payments',
      environment: 'dev',
      size: 30,
      costCenter: 'cc-1',
      createBucket: true,
    });
    expect(requests).toEqual([
      {
        kind: 'rds-instance',
        name: 'orders-db',
        owner: 'group:default/payments',
        environment: 'dev',
        allocatedStorageGb: 30,
        tags: { 'cost-center': 'cc-1' },
      },
      {
        kind: 's3-bucket',
        name: 'orders-dev-files',
        owner: 'group:default/payments',
        environment: 'dev',
      },
    ]);
    expect(isComplete(requests)).toBe(true);
  });

  it('leaves out requests whose if is false and values that are empty or not plain references', () => {
    const requests = fillRequests(
      [
        ...templates,
        {
          kind: 's3-bucket',
          name: '${{ parameters.name | upper }}',
          owner: 'x',
          environment: 'dev',
        },
      ],
      { name: 'orders', environment: 'dev', createBucket: false },
    );
    expect(requests).toEqual([
      { kind: 'rds-instance', name: 'orders-db', environment: 'dev', tags: {} },
      { kind: 's3-bucket', owner: 'x', environment: 'dev' },
    ]);
    expect(isComplete(requests)).toBe(false);
    expect(fillRequests('not a list', {})).toEqual([]);
  });
});
