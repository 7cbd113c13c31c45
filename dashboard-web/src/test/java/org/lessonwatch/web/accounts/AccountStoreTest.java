package org.lessonwatch.web.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountStoreTest {

  @Test
  void acceptsAsUsernameOneTo255CharactersWithEmojiAndAccents() {
    assertTrue(AccountStore.isPossibleUsername("a"));
    assertTrue(AccountStore.isPossibleUsername("Jürgen 🎓 O'Brien"));
    assertTrue(AccountStore.isPossibleUsername("x".repeat(AccountStore.MAX_USERNAME_LENGTH)));
  }

  @Test
  void refusesAsUsernameWhatTheDatabaseCannotHoldAsSent() {
    String[] impossible = {
      null,
      "",
      "x".repeat(AccountStore.MAX_USERNAME_LENGTH + 1),
      "ada\0",
      "ada\uD83C",
      "\uDF93ada",
      "a\uDF93\uD83Cb",
    };
    for (String username : impossible) {
      assertFalse(AccountStore.isPossibleUsername(username), () -> "accepted " + username);
    }
  }
}
