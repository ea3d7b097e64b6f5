import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import {
  CostEstimate,
  estimate,
  priceIn,
  unknownCost,
} from '../../cost/helpers';
import { Ec2InstanceRequest } from './request';

/** The price-table item for EBS gp3 storage, per GB-month. */
export const EBS_STORAGE_PRICE = 'ebs:gp3';

/** Linux on-demand instance hours plus the gp3 root volume, in its region. */
export function estimateEc2InstanceCost(
  request: Ec2InstanceRequest,
  prices: PriceTable,
  hoursPerMonth: number,
): CostEstimate {
  const { region, instanceType } = request;
  const rate = priceIn(prices, region, instanceType);
  if (rate === undefined)
    return unknownCost(`no price for ${instanceType} in ${region}`);
  const gbPrice = priceIn(prices, region, EBS_STORAGE_PRICE);
  const gb = quantity(request.rootVolumeGb ?? 0);
  if (gbPrice === undefined || gb === undefined)
    return unknownCost(`no valid volume size or EBS price in ${region}`);
  return estimate(
    rate * hoursPerMonth + gb * gbPrice,
    `${instanceType} $${rate}/h x ${hoursPerMonth} h + ${gb} GB gp3 x $${gbPrice} in ${region}`,
  );
}
