<?xml version="1.0" encoding="utf-8"?>
<!--
  How a browser shows our Atom feeds to a person who opens one: what a feed
  is, how to subscribe, and the entries as links. Feed readers ignore it.
  The page runs under the feed's Content-Security-Policy: no script, no
  inline style; its styles come from the site's own stylesheets.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

  <xsl:variable name="feed_url" select="/atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="page_url" select="/atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="atom:title"/> (Atom feed)</title>
        <link rel="stylesheet" href="/static/css/site.css"/>
        <link rel="stylesheet" href="/static/feeds/feed.css"/>
      </head>
      <body>
        <main id="content" class="feed-page">
          <p class="feed-kind">Atom feed</p>
          <h1><xsl:value-of select="atom:title"/></h1>
          <xsl:if test="atom:subtitle">
            <p><xsl:value-of select="atom:subtitle"/></p>
          </xsl:if>

          <section class="feed-about" aria-labelledby="feed-about-title">
            <h2 id="feed-about-title">What is this page?</h2>
            <p>
              This is a <strong>feed</strong>: a list of the newest notes that a
              feed reader app checks for you, so new notes come to you without
              visiting the site.
            </p>
            <p>
              To subscribe, copy this page's address into your feed reader
              (look for "Add feed" or "Subscribe"):
            </p>
            <p><code class="feed-address"><xsl:value-of select="$feed_url"/></code></p>
            <p>
              <a href="{$page_url}">Read these notes on the site instead</a>.
            </p>
          </section>

          <section aria-labelledby="feed-entries-title">
            <h2 id="feed-entries-title">Newest notes in this feed</h2>
            <xsl:choose>
              <xsl:when test="atom:entry">
                <ol class="feed-entries">
                  <xsl:apply-templates select="atom:entry"/>
                </ol>
              </xsl:when>
              <xsl:otherwise>
                <p>No notes are published here yet. Subscribe, and the first one
                will come to your reader.</p>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h3 class="feed-entry-title">
        <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      </h3>
      <p class="feed-entry-meta">
        Published <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
        <xsl:if test="atom:category">
          <xsl:text> · </xsl:text>
          <xsl:for-each select="atom:category">
            <xsl:value-of select="@term"/>
            <xsl:if test="position() != last()"><xsl:text>, </xsl:text></xsl:if>
          </xsl:for-each>
        </xsl:if>
      </p>
    </li>
  </xsl:template>
</xsl:stylesheet>
