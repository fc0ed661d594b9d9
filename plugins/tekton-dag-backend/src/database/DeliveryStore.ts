/**
 * Webhook deliveries tekton-dag has handled, by the forge's delivery id: a delivery seen before
 * (a replay, whether an attacker's or a forge's redelivery) starts nothing.
 */
export interface DeliveryStore {
  /**
   * Records a delivery; false when it was recorded before (by any replica). Atomic: of two
   * replicas recording one delivery at once, exactly one gets true.
   */
  recordDelivery(key: string, at?: Date): Promise<boolean>;
  /** What handling a delivery came to: `started`, `ignored`, `refused`, `failed`. */
  setOutcome(key: string, outcome: string, detail?: string): Promise<void>;
  /**
   * Forgets one delivery whose handling failed (the forge was down): the forge's redelivery,
   * with the same id, is handled then.
   */
  forgetDelivery(key: string): Promise<void>;
  /** Forgets deliveries received before a time (a replay of those is refused by age). */
  deleteBefore(before: Date): Promise<number>;
}
