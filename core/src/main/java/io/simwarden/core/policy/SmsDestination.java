package io.simwarden.core.policy;

/**
 * The class of the number a mobile-originated SMS is sent to, as the SMSC's number analysis sees it from the
 * SIM's home country. SMS pumping (artificially inflated traffic, international revenue share fraud) is paid
 * by termination fees, so it goes to the two classes {@link #pumpTarget()} names.
 */
public enum SmsDestination {
  /** A national mobile or fixed number: a device's platform gateway, a driver's phone. */
  DOMESTIC,
  /** A national short code at the standard rate: an operator service, a device-management gateway. */
  SHORT_CODE,
  /** A number of another country. */
  INTERNATIONAL,
  /** A premium-rate or shared-revenue range (premium short codes included). */
  PREMIUM_RATE;

  /** Whether SMS pumping is paid by SMS to this class: international and premium-rate numbers. */
  public boolean pumpTarget() {
    return this == INTERNATIONAL || this == PREMIUM_RATE;
  }
}
