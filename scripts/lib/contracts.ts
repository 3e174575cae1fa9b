import type { BaseContract, ContractRunner } from "ethers";

/** A typechain factory's static `connect`. */
interface TypedFactory<T> {
  connect(address: string, runner?: ContractRunner | null): T;
}

/**
 * Ignition returns plain ethers contracts; this gives back the typechain-typed one at the same address,
 * connected to the same runner, so scripts and tests get full typing without casts.
 */
export async function typed<T>(factory: TypedFactory<T>, contract: BaseContract): Promise<T> {
  return factory.connect(await contract.getAddress(), contract.runner);
}
