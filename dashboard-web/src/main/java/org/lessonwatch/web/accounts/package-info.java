/** Dashboard accounts: usernames, roles and salted slow password hashes. */
package org.lessonwatch.web.accounts;
