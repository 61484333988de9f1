package io.simwarden.core.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simwarden.core.ValidationException;
import io.simwarden.core.detect.DetectorSettings;
import org.junit.jupiter.api.Test;

class SimSettingsTest {

  @Test
  void theQuietDetectorsThresholdsComeFromReferenceConf() {
    SimSettings s = SimSettings.fromConfig(ConfigFactory.load());
    assertEquals(DetectorSettings.DEFAULTS, s.detect());
  }

  @Test
  void aBadThresholdNamesItsKey() {
    ValidationException e = assertThrows(ValidationException.class, () -> SimSettings.fromConfig(
        ConfigFactory.parseString("simwarden.detect.alert-tail = 0.5").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("simwarden.detect.alert-tail"), e.getMessage());
  }
}
