package io.simwarden.core.policy;

/**
 * The class of a called number, as the network's number analysis sees it from the SIM's home country.
 * A voice profile lists the classes its SIMs may call (call barring); the anomaly detectors treat the
 * two toll-fraud classes ({@link #tollFraudTarget()}) as evidence on their own.
 */
public enum CallDestination {
  /** An emergency number (112, 911) or an eCall to the public safety answering point. */
  EMERGENCY,
  /** A fixed or mobile number of the SIM's home country, from home or while roaming. */
  DOMESTIC,
  /** A number of another country. */
  INTERNATIONAL,
  /** A national premium-rate or shared-revenue number (0900-style ranges). */
  PREMIUM_RATE,
  /**
   * An international range on an IRSF hot list: high-termination-rate numbers (satellite, small
   * networks) that international revenue share fraud pumps minutes to.
   */
  IRSF_RANGE;

  /** Whether calls here are what toll fraud pumps: premium-rate numbers and IRSF ranges. */
  public boolean tollFraudTarget() {
    return this == PREMIUM_RATE || this == IRSF_RANGE;
  }
}
