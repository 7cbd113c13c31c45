package org.lessonwatch.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lessonwatch.web.access.Roles;
import org.lessonwatch.web.accounts.AccountStore;
import org.lessonwatch.web.accounts.AccountView;
import org.lessonwatch.web.rest.auth.Caller;

/** Admins create and replace dashboard accounts. Passwords go in, never out. */
@Path("admin/accounts/{username}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

  @Inject Caller caller;

  @Inject AccountStore accounts;

  @GET
  public AccountView get(@PathParam("username") String username) {
    caller.require(Roles.ADMIN);
    return accounts.find(username).orElseThrow(() -> PathIds.notFound("account", username));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(@PathParam("username") String username, InputStream body) {
    caller.require(Roles.ADMIN);
    JsonRequest request = JsonRequest.read(body);
    if (username.isBlank() || username.length() > 255) {
      request.reject("username", "must be 1-255 characters");
    }
    String password = request.text("password", AccountStore.MAX_PASSWORD_LENGTH);
    if (password != null && password.length() < AccountStore.MIN_PASSWORD_LENGTH) {
      request.reject(
          "password", "must be at least " + AccountStore.MIN_PASSWORD_LENGTH + " characters");
    }
    List<String> roles = request.optionalTextList("roles", 10, 32);
    if (!request.isPresent("roles") || roles.isEmpty()) {
      request.reject("roles", "must list at least one of instructor, admin");
    } else if (!AccountStore.ASSIGNABLE_ROLES.containsAll(roles)) {
      request.reject("roles", "may contain only instructor and admin");
    }
    request.requireValid();
    Set<String> roleSet = new TreeSet<>(roles);
    boolean created = accounts.put(username, password, roleSet);
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(new AccountView(username, new TreeSet<>(roleSet)))
        .build();
  }
}
