package org.lessonwatch.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The modular monolith's boundaries, checked on the compiled classes of all three modules. */
class ModuleBoundariesTest {

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lessonwatch");
  }

  @Test
  void contentInternalsStayInsideContentModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.lessonwatch.content..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lessonwatch.content.internal..")
        .because("other modules use the catalogue only through its API package")
        .check(classes);
  }

  @Test
  void engagementInternalsStayInsideEngagementModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.lessonwatch.engagement..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lessonwatch.engagement.internal..")
        .because("sessions change only through the engagement module's use cases")
        .check(classes);
  }

  @Test
  void contentDoesNotDependOnEngagement() {
    noClasses()
        .that()
        .resideInAPackage("org.lessonwatch.content..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lessonwatch.engagement..")
        .because("engagement builds on the catalogue, never the reverse")
        .check(classes);
  }

  @Test
  void modulesDoNotDependOnWebLayer() {
    noClasses()
        .that()
        .resideInAnyPackage("org.lessonwatch.content..", "org.lessonwatch.engagement..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lessonwatch.web..")
        .because("modules know nothing of HTTP, pages or accounts")
        .check(classes);
  }

  @Test
  void moduleApisExposeNoEntities() {
    noClasses()
        .that()
        .resideInAnyPackage("org.lessonwatch.content", "org.lessonwatch.engagement")
        .should()
        .dependOnClassesThat()
        .areAnnotatedWith(Entity.class)
        .because("an API hands out records and ids, never JPA entities")
        .check(classes);
  }

  @Test
  void webResourcesDoNotTouchPersistence() {
    noClasses()
        .that()
        .resideInAPackage("org.lessonwatch.web.rest..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.persistence..")
        .because("resources call module APIs; storage stays behind them")
        .check(classes);
  }

  @Test
  void theApiAndThePagesAreApart() {
    noClasses()
        .that()
        .resideInAPackage("org.lessonwatch.web.rest..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lessonwatch.web.dashboard..")
        .because("the JSON API answers without the dashboard's session or pages")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.lessonwatch.web.dashboard..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lessonwatch.web.rest..")
        .because("pages call module APIs and the shared checks, not the JSON resources or tokens")
        .check(classes);
  }

  @Test
  void sharedWebPackagesServeBothTheApiAndThePages() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.lessonwatch.web.access..",
            "org.lessonwatch.web.accounts..",
            "org.lessonwatch.web.input..",
            "org.lessonwatch.web.problems..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.lessonwatch.web.rest..", "org.lessonwatch.web.dashboard..")
        .because("access rules, accounts, input rules and problems are the same for API and pages")
        .check(classes);
  }

  @Test
  void modulesAreFreeOfCycles() {
    slices()
        .matching("org.lessonwatch.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a cycle would make the modules one")
        .check(classes);
  }
}
