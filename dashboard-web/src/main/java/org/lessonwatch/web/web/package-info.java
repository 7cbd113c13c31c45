/**
 * The dashboard's server-rendered pages: page controllers named after their page, the view models
 * they hand to the Thymeleaf templates, and the chart and CSV builders behind them.
 */
package org.lessonwatch.web.web;
