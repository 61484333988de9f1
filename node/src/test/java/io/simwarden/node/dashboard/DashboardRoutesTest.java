package io.simwarden.node.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simwarden.node.HttpApi;
import io.simwarden.node.HttpApi.Response;
import io.simwarden.node.SharedNode;
import io.simwarden.node.security.Role;
import io.simwarden.persistence.cassandra.CassandraExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's assets and {@code GET /api/v1/me} on a real node, through java.net.http. */
@ExtendWith({CassandraExtension.class, SharedNode.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardRoutesTest {
  private HttpApi api;

  @BeforeAll
  void start() {
    api = SharedNode.get().api();
  }

  @Test
  void theRootRedirectsToTheDashboard() {
    Response root = api.get("/", null);
    assertEquals(302, root.status());
    assertEquals("/dashboard/", root.header("Location"));
    Response bare = api.get("/dashboard", null);
    assertEquals(301, bare.status());
    assertEquals("/dashboard/", bare.header("Location"));
  }

  @Test
  void everyAssetIsServedWithoutAKeyWithItsContentTypeAndRevalidation() {
    Map<String, String> assets = Map.of(
        "/dashboard/", "text/html; charset=UTF-8",
        "/dashboard/dashboard.js", "application/javascript; charset=UTF-8",
        "/dashboard/sse.js", "application/javascript; charset=UTF-8",
        "/dashboard/chart.js", "application/javascript; charset=UTF-8",
        "/dashboard/dashboard.css", "text/css; charset=UTF-8",
        "/dashboard/favicon.svg", "image/svg+xml");
    List<String> wrong = new ArrayList<>();
    assets.forEach((path, type) -> {
      Response r = api.get(path, null);
      if (r.status() != 200 || !type.equals(r.header("Content-Type")) || !"no-cache".equals(r.header("Cache-Control"))
          || r.header("Last-Modified") == null || !"nosniff".equals(r.header("X-Content-Type-Options"))
          || !r.header("Content-Security-Policy").contains("script-src 'self'")) {
        wrong.add(path + " -> " + r.status() + " " + r.headers());
      }
    });
    assertEquals(List.of(), wrong);
    assertTrue(api.get("/dashboard/", null).body().contains("<script src=\"dashboard.js\""));
    assertTrue(api.get("/dashboard/", null).body().contains("href=\"/api/v1/openapi.yaml\""), "links the API document");
  }

  @Test
  void unknownAssetsAndPathsOutsideTheDashboardAreNotFound() {
    api.get("/dashboard/missing.js", null).assertProblem(404, null);
    for (String escape : List.of("/dashboard/%2e%2e/simwarden-node.conf", "/dashboard/..%2fsimwarden-node.conf",
        "/dashboard/%2e%2e/openapi.yaml")) {
      Response r = api.get(escape, null);
      assertNotEquals(200, r.status(), escape);
      assertFalse(r.body().contains("directory-size") || r.body().contains("openapi:"), escape + " -> " + r.body());
    }
    api.send("POST", "/dashboard/", Map.of(), new byte[0]).assertProblem(405, null);
  }

  @Test
  void meTellsTheCallerItsRoleAndPermissions() {
    SharedNode.Running node = SharedNode.get();
    String operator = node.key(Role.OPERATOR, "dash-me");
    JsonNode me = api.get("/api/v1/me", operator).assertOk();
    assertEquals(operator.substring(0, operator.indexOf('.')), me.path("keyId").asText());
    assertEquals("operator", me.path("role").asText());
    assertEquals("dash-me", me.path("organisation").asText());
    assertFalse(me.path("fleetWide").asBoolean());
    assertTrue(me.path("permissions").toString().contains("\"command\""), me.toString());

    JsonNode viewer = api.get("/api/v1/me", node.key(Role.VIEWER, "dash-me")).assertOk();
    assertEquals("[\"read_sim\",\"read_summary\"]", viewer.path("permissions").toString());
    assertTrue(api.get("/api/v1/me", node.key(Role.ADMIN, "*")).assertOk().path("fleetWide").asBoolean());

    api.get("/api/v1/me", null).assertProblem(401, null);
    api.get("/api/v1/me?x=1", operator).assertProblem(400, "x");
  }
}
