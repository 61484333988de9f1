package io.simwarden.core.traffic;

import io.simwarden.core.policy.SmsDestination;

/**
 * Mobile-originated SMS to one class of number during a usage window, as recorded for forensics and billing
 * disputes ("how many SMS went to premium ranges that night").
 *
 * @param destination the class of the numbers
 * @param sms         SMS the network carried
 */
public record SmsUsage(SmsDestination destination, long sms) {}
