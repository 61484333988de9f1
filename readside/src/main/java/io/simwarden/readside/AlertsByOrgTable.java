package io.simwarden.readside;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.simwarden.core.event.SimEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Reads the alerts the alerts-by-org projection filed ({@code alerts_by_org}): one organisation's alerts of one
 * slice after a position, in the order the slice's projection wrote them. A position is the journal offset (a
 * time-based UUID) of the last alert read; within a slice the projection writes alerts in offset order, so
 * reading on after it loses and repeats nothing. Positions of different slices are independent: a reader keeps
 * one per slice.
 */
public final class AlertsByOrgTable {
  /** The organisation under which every alert is filed a second time, for keys that see every organisation. */
  public static final String FLEET_WIDE = "*";
  /** Rows fetched per round trip. */
  private static final int FETCH = 200;
  /** How far ahead of this node's clock another node's clock may be and still have its alerts read. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * An alert as filed.
   *
   * @param slice        the read-side slice of the SIM
   * @param written      the journal offset of the event: when it was written, and its position in the slice
   * @param imsi         the SIM
   * @param seqNr        the event's sequence number in the SIM's journal
   * @param organisation the SIM's organisation
   * @param iccid        the SIM's ICCID
   * @param event        the alert event
   */
  public record StoredAlert(int slice, UUID written, String imsi, long seqNr, String organisation, String iccid,
      SimEvent event) {}

  private final CassandraSession session;
  private final Serialization serialization;
  private final String select;

  AlertsByOrgTable(ActorSystem<?> system, CassandraSession session, String keyspace) {
    this.session = session;
    this.serialization = SerializationExtension.get(system);
    this.select = "SELECT written, imsi, seq_nr, iccid, sim_organisation, ser_id, ser_manifest, "
        + "event FROM " + keyspace + ".alerts_by_org WHERE organisation = ? AND day = ? AND slice = ? AND "
        + "written > ?";
  }

  /** The UTC day of a journal offset: the day partition its alert is filed in. */
  public static LocalDate dayOf(UUID written) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millisOf(written)), ZoneOffset.UTC);
  }

  /** When the event at position {@code written} was written, epoch millis. */
  public static long millisOf(UUID written) {
    return Uuids.unixTimestamp(written);
  }

  /** The position just before every alert written at or after {@code time}. */
  public static UUID positionBefore(Instant time) {
    return Uuids.startOf(time.toEpochMilli());
  }

  /**
   * The alerts of {@code organisation} ({@link #FLEET_WIDE}: of every organisation) in {@code slice} after
   * position {@code after}, in the order they were written; the day partitions from {@code after}'s day (or
   * {@code notBefore}, when that is later) through today are read, one after the other, as the stream is pulled.
   */
  public Source<StoredAlert, NotUsed> after(String organisation, int slice, UUID after, LocalDate notBefore) {
    LocalDate from = dayOf(after);
    if (notBefore != null && notBefore.isAfter(from)) {
      from = notBefore;
    }
    LocalDate last = LocalDate.ofInstant(Instant.now().plus(CLOCK_SKEW), ZoneOffset.UTC);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return Source.from(days).flatMapConcat(day -> Source.completionStage(prepared())
        .flatMapConcat(ps -> session.select(ps.bind(organisation, day, slice, after).setPageSize(FETCH))))
        .map(row -> stored(slice, row));
  }

  /** Prepared on use (the driver keeps it), so a table created after this reader still works. */
  private CompletionStage<PreparedStatement> prepared() {
    return session.prepare(select);
  }

  private StoredAlert stored(int slice, Row row) {
    ByteBuffer buffer = row.getByteBuffer("event");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    SimEvent event = (SimEvent) serialization.deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest"))
        .get();
    return new StoredAlert(slice, row.getUuid("written"), row.getString("imsi"), row.getLong("seq_nr"),
        row.getString("sim_organisation"), row.getString("iccid"), event);
  }
}
