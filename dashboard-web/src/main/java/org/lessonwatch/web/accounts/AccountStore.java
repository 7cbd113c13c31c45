package org.lessonwatch.web.accounts;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.input.RequestValues;

/**
 * Creates, replaces and reads dashboard accounts. Passwords are kept only as PBKDF2-HMAC-SHA512
 * hashes with a random salt and OWASP's recommended iteration count, through Jakarta Security's own
 * {@link Pbkdf2PasswordHash}.
 */
@ApplicationScoped
public class AccountStore {

  public static final Set<String> ASSIGNABLE_ROLES = Set.of(Roles.INSTRUCTOR, Roles.ADMIN);

  /** The length of the username column, the table's key. */
  public static final int MAX_USERNAME_LENGTH = 255;

  public static final int MIN_PASSWORD_LENGTH = 8;

  /**
   * Longer passwords are refused when accounts are made, so that a sign-in never has to read,
   * convert and hash more (PBKDF2's cost does not grow with the length; memory does).
   */
  public static final int MAX_PASSWORD_LENGTH = 1024;

  @PersistenceContext(unitName = "engagement")
  EntityManager em;

  @Inject Pbkdf2PasswordHash passwordHash;

  /** A hash of a random password, verified against when the username is unknown. */
  private String unknownAccountHash;

  @PostConstruct
  void configureHash() {
    passwordHash.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "64"));
    char[] random = UUID.randomUUID().toString().toCharArray();
    unknownAccountHash = passwordHash.generate(random);
  }

  /**
   * Checks a dashboard login. An unknown username costs the same hash computation as a known one,
   * so the answer's timing does not tell which usernames exist. A username that no account can have
   * (empty, too long, or text the database cannot store) is unknown without asking the database.
   *
   * @return the account, if the username exists and the password is its password
   */
  public Optional<AccountView> authenticate(String username, char[] password) {
    DashboardAccount account =
        isPossibleUsername(username) ? em.find(DashboardAccount.class, username) : null;
    String hash = account == null ? unknownAccountHash : account.passwordHash();
    boolean matches = passwordHash.verify(password, hash);
    return matches && account != null ? Optional.of(account.view()) : Optional.empty();
  }

  /**
   * Whether an account may have this username: 1 to {@value #MAX_USERNAME_LENGTH} characters, none
   * of them U+0000 (PostgreSQL text cannot hold it) or half of a surrogate pair (the driver would
   * send it as "?", so that the key in the database differs from the name the login throttle
   * counts).
   */
  public static boolean isPossibleUsername(String username) {
    return username != null
        && !username.isEmpty()
        && username.length() <= MAX_USERNAME_LENGTH
        && RequestValues.isStorable(username);
  }

  /**
   * Creates or replaces an account.
   *
   * @return {@code true} if the account was created
   */
  @Transactional
  public boolean put(String username, String password, Set<String> roles) {
    DashboardAccount existing = em.find(DashboardAccount.class, username);
    boolean created = existing == null;
    DashboardAccount account = created ? new DashboardAccount(username) : existing;
    account.replace(
        passwordHash.generate(password.toCharArray()),
        roles); // before persist(): Hibernate takes the insert's values there
    if (created) {
      em.persist(account);
    }
    return created;
  }

  public Optional<AccountView> find(String username) {
    return Optional.ofNullable(em.find(DashboardAccount.class, username))
        .map(DashboardAccount::view);
  }

  /**
   * Creates the account as an admin unless some admin account exists already.
   *
   * @return {@code true} if the account was created
   */
  @Transactional
  public boolean createAdminIfNoneExists(String username, String password) {
    // Several nodes may start at once: serialise on the table so only one creates the admin.
    em.createNativeQuery("LOCK TABLE dashboard_accounts IN SHARE ROW EXCLUSIVE MODE")
        .executeUpdate();
    long admins =
        em.createQuery(
                "select count(a) from DashboardAccount a join a.roles r where r = :admin",
                Long.class)
            .setParameter("admin", Roles.ADMIN)
            .getSingleResult();
    if (admins > 0) {
      return false;
    }
    put(username, password, Set.of(Roles.ADMIN));
    return true;
  }
}
