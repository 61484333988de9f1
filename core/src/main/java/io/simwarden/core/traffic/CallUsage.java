package io.simwarden.core.traffic;

import io.simwarden.core.policy.CallDestination;

/**
 * Voice calls to one class of number during a usage window, as recorded for forensics and billing
 * disputes ("how many minutes went to premium ranges that night").
 *
 * @param destination the class of the called numbers
 * @param calls       calls the network carried (answered or not)
 * @param seconds     connected seconds
 */
public record CallUsage(CallDestination destination, long calls, long seconds) {}
