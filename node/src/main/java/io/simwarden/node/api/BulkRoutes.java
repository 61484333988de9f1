package io.simwarden.node.api;

import static org.apache.pekko.http.javadsl.model.HttpMethods.POST;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.simwarden.core.decision.Verdict;
import io.simwarden.node.security.Permission;
import io.simwarden.node.security.Principal;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Bulk provisioning and batched network ingest as NDJSON streams: one JSON object per request line, one
 * result per line in the same order, then a summary line. Both directions stream with back-pressure, so a
 * client can send millions of lines; at most {@code simwarden.http.bulk.parallelism} of them are in flight.
 * A bad line fails only itself, a line longer than {@code bulk.max-line} too (413). A body beyond {@code
 * bulk.max-body} ends the stream with a 413 result line (the response status is already 200 by then).
 */
final class BulkRoutes extends RouteSupport {
  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private final Endpoints endpoints;
  private final SimRoutes sims;
  private final IngestRoutes ingest;

  BulkRoutes(ApiContext api, Endpoints endpoints, SimRoutes sims, IngestRoutes ingest) {
    super(api);
    this.endpoints = endpoints;
    this.sims = sims;
    this.ingest = ingest;
  }

  /** The result of one request line; {@code line} is absent on the result that ended the stream early. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record LineResult(Long line, String imsi, int status, SimView sim, Verdict verdict, ApiProblem.Body problem) {
    boolean succeeded() {
      return status < 300;
    }
  }

  /** The last line of every response. */
  record Summary(boolean done, long lines, long succeeded, long failed) {}

  /** A request line, or (with {@code problem}) why it, or the rest of the request, cannot be read. */
  private record Line(long number, byte[] json, ApiProblem problem) {}

  Route route() {
    int parallelism = api.settings().bulkParallelism();
    return concat(
        endpoints.endpoint(POST, "/api/v1/bulk/provision", Permission.PROVISION, call ->
            ndjson(lines -> lines.mapAsync(parallelism, line -> provision(call.principal(), line)))),
        endpoints.endpoint(POST, "/api/v1/bulk/ingest", Permission.INGEST, call ->
            ndjson(lines -> lines
                // Lookups run in parallel, sends leave in line order: a SIM's reports arrive as written.
                .mapAsync(parallelism, line -> prepareIngest(call.principal(), line))
                .mapAsync(parallelism, BulkRoutes::sendIngest))));
  }

  private Route ndjson(Function<Source<Line, NotUsed>, Source<LineResult, NotUsed>> process) {
    return extractRequestEntity(entity -> {
      if (!entity.getContentType().mediaType().toString().equals(Json.NDJSON_MEDIA.toString())) {
        throw ApiProblem.unsupportedMediaType("send one JSON object per line as 'Content-Type: "
            + Json.NDJSON_MEDIA + "', not " + entity.getContentType());
      }
      requireUtf8(entity.getContentType());
      requireAtMost(entity, api.settings().bulkMaxBody());
      int maxLine = api.settings().bulkMaxLine();
      Source<Line, NotUsed> lines = entity.withSizeLimit(api.settings().bulkMaxBody()).getDataBytes()
          .statefulMap(() -> new LineSplitter(maxLine), (splitter, chunk) -> Pair.create(splitter,
              splitter.feed(chunk)), splitter -> Optional.of(splitter.finish()))
          .mapConcat(split -> split)
          .filter(line -> !line.blank())
          .map(line -> line.overlong()
              ? new Line(line.number(), null, ApiProblem.tooLarge("the line is longer than " + maxLine + " bytes"))
              : new Line(line.number(), line.json(), null))
          // A body over the limit ends the request; as an element it lets the lines before it finish.
          .recover(new PFBuilder<Throwable, Line>()
              .match(Throwable.class, t -> new Line(0, null, ApiProblem.from(t)))
              .build())
          .mapMaterializedValue(m -> NotUsed.getInstance());
      Source<ByteString, NotUsed> results = process.apply(lines)
          .recover(new PFBuilder<Throwable, LineResult>()
              .match(Throwable.class, t -> failed(0, null, ApiProblem.from(t)))
              .build())
          .statefulMap(() -> new long[2], (counts, r) -> {
            counts[r.succeeded() ? 0 : 1]++;
            return Pair.create(counts, ByteString.fromArray(Json.bytes(r)).concat(NEWLINE));
          }, counts -> Optional.of(ByteString.fromArray(Json.bytes(new Summary(true, counts[0] + counts[1], counts[0],
              counts[1]))).concat(NEWLINE)));
      return complete(HttpResponse.create().withEntity(HttpEntities.createChunked(Json.NDJSON, results)));
    });
  }

  private CompletionStage<LineResult> provision(Principal caller, Line line) {
    if (line.problem() != null) {
      return CompletableFuture.completedFuture(failed(line.number(), null, line.problem()));
    }
    Requests.Provision body = null;
    try {
      body = Json.read(line.json(), Requests.Provision.class);
      String imsi = body.imsi() == null ? null : body.imsi().toString();
      String key = IdempotencyKey.check(IdempotencyKey.LINE_FIELD, body.idempotencyKey());
      return sims.provision(caller, body, key, IdempotencyKey.LINE_FIELD, api.bulkFleet()).handle((sim, error) ->
          error == null
          ? new LineResult(line.number(), imsi, 201, sim, null, null)
          : failed(line.number(), imsi, ApiProblem.from(error)));
    } catch (RuntimeException e) {
      String imsi = body == null || body.imsi() == null ? null : body.imsi().toString();
      return CompletableFuture.completedFuture(failed(line.number(), imsi, ApiProblem.from(e)));
    }
  }

  /** A checked ingest line: the send to make, or the result it already has. */
  private record Prepared(Line line, String imsi, Supplier<CompletionStage<Verdict>> send, LineResult result) {}

  private CompletionStage<Prepared> prepareIngest(Principal caller, Line line) {
    if (line.problem() != null) {
      return CompletableFuture.completedFuture(new Prepared(line, null, null, failed(line.number(), null,
          line.problem())));
    }
    String imsi = null;
    try {
      Requests.IngestLine body = Json.read(line.json(), Requests.IngestLine.class);
      imsi = body.imsi() == null ? null : body.imsi().toString();
      String shown = imsi;
      return ingest.prepare(caller, body).handle((send, error) -> error == null
          ? new Prepared(line, shown, send, null)
          : new Prepared(line, shown, null, failed(line.number(), shown, ApiProblem.from(error))));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          new Prepared(line, imsi, null, failed(line.number(), imsi, ApiProblem.from(e))));
    }
  }

  private static CompletionStage<LineResult> sendIngest(Prepared p) {
    if (p.result() != null) {
      return CompletableFuture.completedFuture(p.result());
    }
    return p.send().get().handle((verdict, error) -> error == null
        ? new LineResult(p.line().number(), p.imsi(), 200, null, verdict, null)
        : failed(p.line().number(), p.imsi(), ApiProblem.from(error)));
  }

  private static LineResult failed(long line, String imsi, ApiProblem problem) {
    Long number = line > 0 ? line : null;
    return new LineResult(number, imsi, problem.status().intValue(), null, null,
        problem.body(number == null ? null : "line " + number));
  }
}
