<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of programme versions as a page when a browser opens it (issue 28):
     what a feed is, how to follow it, then the versions. The feed itself stays Atom. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom" xmlns:xhtml="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="atom xhtml">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/atom:feed">
<html lang="@@LANG@@">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="atom:title"/></title>
<style>
body { margin: 0 auto; max-width: 46rem; padding: 1rem; font: 1rem/1.55 system-ui, sans-serif; color: #1b1f24; background: #fff; }
a { color: #174b8c; }
.about { background: #eef3f9; border: 1px solid #d3dbe4; border-radius: 0.5rem; padding: 0.75rem 1rem; }
code { overflow-wrap: anywhere; }
article { border-top: 1px solid #d3dbe4; }
</style>
</head>
<body>
<main>
<section class="about">
<p><strong>@@WHAT@@</strong> @@WHY@@</p>
<p>@@HOW@@</p>
<p>@@ADDRESS@@<xsl:text> </xsl:text><code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
</section>
<h1><xsl:value-of select="atom:title"/></h1>
<p><xsl:value-of select="atom:subtitle"/><xsl:text> </xsl:text><a href="{atom:link[@rel='alternate']/@href}">@@PAGE@@</a></p>
<xsl:for-each select="atom:entry">
<article>
<h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
<xsl:apply-templates select="atom:content/xhtml:div/*"/>
</article>
</xsl:for-each>
<xsl:if test="not(atom:entry)"><p>@@NONE@@</p></xsl:if>
</main>
</body>
</html>
</xsl:template>
<!-- The entries' XHTML, as HTML elements of the page. -->
<xsl:template match="xhtml:*">
<xsl:element name="{local-name()}"><xsl:copy-of select="@*"/><xsl:apply-templates/></xsl:element>
</xsl:template>
</xsl:stylesheet>
