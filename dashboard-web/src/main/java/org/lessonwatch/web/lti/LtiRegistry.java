package org.lessonwatch.web.lti;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lessonwatch.web.lti.LtiLinkException.Kind;

/**
 * The LMS platforms registered for LTI 1.3 and the LMS courses linked to catalogue courses, in
 * PostgreSQL ({@code V8__lti_platforms.sql}). Writes of platforms take a transaction-scoped
 * advisory lock, so two admins registering the same issuer and client id under two names at once
 * get one {@code 409}, not a constraint violation; links are written with {@code ON CONFLICT}, so
 * of two courses claiming one LMS course at once, the second gets the conflict.
 */
@ApplicationScoped
public class LtiRegistry {

  /** Serializes writes of platforms across nodes (any constant both use). */
  private static final long PLATFORM_WRITES_LOCK = 0x4c54495f504c4154L; // "LTI_PLAT"

  private static final String PLATFORMS =
      "SELECT platform_id, issuer, client_id, auth_login_url, auth_token_url, jwks_url"
          + " FROM lti_platforms";

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  public Optional<LtiPlatform> platform(String platformId) {
    List<?> rows =
        em.createNativeQuery(PLATFORMS + " WHERE platform_id = ?1")
            .setParameter(1, platformId)
            .getResultList();
    return rows.stream().findFirst().map(row -> platform((Object[]) row));
  }

  /** The platform of a launch or login: its issuer and this tool's client id there. */
  public Optional<LtiPlatform> platform(String issuer, String clientId) {
    List<?> rows =
        em.createNativeQuery(PLATFORMS + " WHERE issuer = ?1 AND client_id = ?2")
            .setParameter(1, issuer)
            .setParameter(2, clientId)
            .getResultList();
    return rows.stream().findFirst().map(row -> platform((Object[]) row));
  }

  /** The platforms of an issuer (a login may leave out the client id when there is only one). */
  public List<LtiPlatform> platformsOf(String issuer) {
    List<?> rows =
        em.createNativeQuery(PLATFORMS + " WHERE issuer = ?1 ORDER BY platform_id")
            .setParameter(1, issuer)
            .getResultList();
    return rows.stream().map(row -> platform((Object[]) row)).toList();
  }

  /**
   * Creates or replaces a platform, deployment ids included.
   *
   * @return whether it was created
   * @throws LtiLinkException when another platform has the same issuer and client id
   */
  @Transactional
  public boolean putPlatform(LtiPlatform platform) {
    em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
        .setParameter(1, PLATFORM_WRITES_LOCK)
        .getSingleResult();
    List<?> other =
        em.createNativeQuery(
                "SELECT platform_id FROM lti_platforms"
                    + " WHERE issuer = ?1 AND client_id = ?2 AND platform_id <> ?3")
            .setParameter(1, platform.issuer())
            .setParameter(2, platform.clientId())
            .setParameter(3, platform.platformId())
            .getResultList();
    if (!other.isEmpty()) {
      throw new LtiLinkException(
          Kind.ISSUER_TAKEN,
          "client_id",
          "platform "
              + other.get(0)
              + " is already registered with this issuer and client_id; one LMS registration"
              + " is one platform here");
    }
    boolean created =
        (Boolean)
            em.createNativeQuery(
                    "INSERT INTO lti_platforms AS p (platform_id, issuer, client_id,"
                        + " auth_login_url, auth_token_url, jwks_url)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                        + " ON CONFLICT (platform_id) DO UPDATE SET issuer = excluded.issuer,"
                        + " client_id = excluded.client_id,"
                        + " auth_login_url = excluded.auth_login_url,"
                        + " auth_token_url = excluded.auth_token_url,"
                        + " jwks_url = excluded.jwks_url"
                        + " RETURNING (xmax = 0)")
                .setParameter(1, platform.platformId())
                .setParameter(2, platform.issuer())
                .setParameter(3, platform.clientId())
                .setParameter(4, platform.authLoginUrl())
                .setParameter(5, platform.authTokenUrl())
                .setParameter(6, platform.jwksUrl())
                .getSingleResult();
    em.createNativeQuery("DELETE FROM lti_deployments WHERE platform_id = ?1")
        .setParameter(1, platform.platformId())
        .executeUpdate();
    em.createNativeQuery(
            "INSERT INTO lti_deployments (platform_id, deployment_id)"
                + " SELECT DISTINCT ?1, d FROM unnest(CAST(?2 AS varchar[])) AS d")
        .setParameter(1, platform.platformId())
        .setParameter(2, platform.deploymentIds().toArray(String[]::new))
        .executeUpdate();
    return created;
  }

  /** The LMS courses linked to a catalogue course, by platform and context id. */
  public List<LtiContext> contextsOf(long courseId) {
    List<?> rows =
        em.createNativeQuery(
                "SELECT platform_id, context_id FROM lti_contexts WHERE course_id = ?1"
                    + " ORDER BY platform_id, context_id")
            .setParameter(1, courseId)
            .getResultList();
    return rows.stream()
        .map(row -> (Object[]) row)
        .map(row -> new LtiContext((String) row[0], (String) row[1]))
        .toList();
  }

  /** The catalogue course an LMS course is linked to. */
  public Optional<Long> courseOf(LtiContext context) {
    List<?> rows =
        em.createNativeQuery(
                "SELECT course_id FROM lti_contexts WHERE platform_id = ?1 AND context_id = ?2")
            .setParameter(1, context.platformId())
            .setParameter(2, context.contextId())
            .getResultList();
    return rows.stream().findFirst().map(id -> ((Number) id).longValue());
  }

  /**
   * Makes {@code contexts} the LMS courses linked to a catalogue course, in the caller's
   * transaction (the course's own write, so that a refused link leaves the course as it was).
   *
   * @throws LtiLinkException naming the first context of an unknown platform, or already linked to
   *     another course
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void linkContexts(long courseId, List<LtiContext> contexts) {
    for (int i = 0; i < contexts.size(); i++) {
      if (platform(contexts.get(i).platformId()).isEmpty()) {
        throw new LtiLinkException(
            Kind.UNKNOWN_PLATFORM,
            "lti_contexts[" + i + "].platform_id",
            "no LTI platform " + contexts.get(i).platformId() + " is registered");
      }
    }
    em.createNativeQuery("DELETE FROM lti_contexts WHERE course_id = ?1")
        .setParameter(1, courseId)
        .executeUpdate();
    for (int i = 0; i < contexts.size(); i++) {
      LtiContext context = contexts.get(i);
      int inserted =
          em.createNativeQuery(
                  "INSERT INTO lti_contexts (platform_id, context_id, course_id)"
                      + " VALUES (?1, ?2, ?3) ON CONFLICT (platform_id, context_id) DO NOTHING")
              .setParameter(1, context.platformId())
              .setParameter(2, context.contextId())
              .setParameter(3, courseId)
              .executeUpdate();
      if (inserted == 0) {
        throw new LtiLinkException(
            Kind.CONTEXT_TAKEN,
            "lti_contexts[" + i + "]",
            "LMS course "
                + context.contextId()
                + " of platform "
                + context.platformId()
                + " is already linked to course "
                + courseOf(context).map(String::valueOf).orElse("(another)")
                + "; unlink it there first");
      }
    }
  }

  private LtiPlatform platform(Object[] row) {
    String platformId = (String) row[0];
    List<String> deployments = new ArrayList<>();
    for (Object id :
        em.createNativeQuery(
                "SELECT deployment_id FROM lti_deployments WHERE platform_id = ?1"
                    + " ORDER BY deployment_id")
            .setParameter(1, platformId)
            .getResultList()) {
      deployments.add((String) id);
    }
    return new LtiPlatform(
        platformId,
        (String) row[1],
        (String) row[2],
        (String) row[3],
        (String) row[4],
        (String) row[5],
        deployments);
  }
}
