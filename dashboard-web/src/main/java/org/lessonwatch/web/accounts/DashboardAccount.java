package org.lessonwatch.web.accounts;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.Set;
import java.util.TreeSet;

/** A dashboard login. Instructors' usernames are their LMS subjects. */
@Entity
@Table(name = "dashboard_accounts")
public class DashboardAccount {

  @Id
  @Column(name = "username")
  private String username;

  /** Salted PBKDF2 hash in Jakarta Security's self-describing format. */
  @Column(name = "password_hash", nullable = false, length = 512)
  private String passwordHash;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "dashboard_account_roles", joinColumns = @JoinColumn(name = "username"))
  @Column(name = "role", nullable = false, length = 32)
  private Set<String> roles = new TreeSet<>();

  protected DashboardAccount() {}

  DashboardAccount(String username) {
    this.username = username;
  }

  void replace(String passwordHash, Set<String> roles) {
    this.passwordHash = passwordHash;
    this.roles.clear();
    this.roles.addAll(roles);
  }

  AccountView view() {
    return new AccountView(username, new TreeSet<>(roles));
  }

  String passwordHash() {
    return passwordHash;
  }
}
