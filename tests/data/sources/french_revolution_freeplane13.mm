<map version="freeplane 1.3.0">
<!--To view this file, download free mind mapping software Freeplane from http://freeplane.sourceforge.net -->
<attribute_registry SHOW_ATTRIBUTES="hide"/>
<node TEXT="French Revolution" FOLDED="false" ID="ID_190183479" CREATED="1710000000000" MODIFIED="1710000900000" STYLE="oval">
<font SIZE="18"/>
<hook NAME="MapStyle">
    <properties show_icon_for_attributes="true" show_note_icons="true"/>

<map_styles>
<stylenode LOCALIZED_TEXT="styles.root_node">
<stylenode LOCALIZED_TEXT="styles.predefined" POSITION="right">
<stylenode LOCALIZED_TEXT="default" COLOR="#000000" STYLE="fork">
<font NAME="SansSerif" SIZE="10" BOLD="false" ITALIC="false"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.details"/>
<stylenode LOCALIZED_TEXT="defaultstyle.note"/>
<stylenode LOCALIZED_TEXT="defaultstyle.floating">
<edge STYLE="hide_edge"/>
<cloud COLOR="#f0f0f0" SHAPE="ROUND_RECT"/>
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.user-defined" POSITION="right">
<stylenode LOCALIZED_TEXT="styles.topic" COLOR="#18898b" STYLE="fork">
<font NAME="Liberation Sans" SIZE="10" BOLD="true"/>
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.AutomaticLayout" POSITION="right">
<stylenode LOCALIZED_TEXT="AutomaticLayout.level.root" COLOR="#000000">
<font SIZE="18"/>
</stylenode>
</stylenode>
</stylenode>
</map_styles>
</hook>
<hook NAME="AutomaticEdgeColor" COUNTER="4"/>
<richcontent TYPE="DETAILS" HIDDEN="true">

<html>
  <head>
    <style type="text/css">p { margin-top: 0 }</style>
  </head>
  <body>
    <p>
      France, 1789&#8211;1799
    </p>
  </body>
</html>
</richcontent>
<node TEXT="Causes" POSITION="right" ID="ID_1" CREATED="1710000001000" MODIFIED="1710000001000">
<edge COLOR="#ff0000"/>
<node TEXT="Fiscal crisis" ID="ID_2" CREATED="1710000002000" MODIFIED="1710000002000">
<attribute_layout NAME_WIDTH="60" VALUE_WIDTH="80"/>
<attribute NAME="debt" VALUE="high"/>
<richcontent TYPE="DETAILS">

<html>
  <head>

  </head>
  <body>
    <p>
      War debts from the <i>Seven Years' War</i>
    </p>
  </body>
</html>
</richcontent>
<richcontent TYPE="NOTE">

<html>
  <head>

  </head>
  <body>
    <p>
      The crown spent about half of its revenue on interest.
    </p>
    <ul>
      <li>
        Taxes fell on the <b>Third Estate</b>
      </li>
    </ul>
  </body>
</html>
</richcontent>
</node>
<node TEXT="Enlightenment ideas &#x2014; Rousseau, Voltaire, Montesquieu" ID="ID_3" CREATED="1710000003000" MODIFIED="1710000003000"/>
</node>
<node TEXT="Key events" POSITION="right" ID="ID_4" CREATED="1710000004000" MODIFIED="1710000004000">
<edge COLOR="#0000ff"/>
<node TEXT="Storming of the Bastille (14 July 1789)" ID="ID_5" CREATED="1710000005000" MODIFIED="1710000005000">
<icon BUILTIN="flag"/>
</node>
<node ID="ID_6" CREATED="1710000006000" MODIFIED="1710000006000"><richcontent TYPE="NODE">

<html>
  <head>

  </head>
  <body>
    <p>
      Declaration of the <b>Rights of Man</b>
    </p>
  </body>
</html>
</richcontent>
</node>
<node TEXT="Reign of Terror" ID="ID_7" CREATED="1710000007000" MODIFIED="1710000007000">
<node TEXT="Robespierre" ID="ID_8" CREATED="1710000008000" MODIFIED="1710000008000"/>
</node>
</node>
<node TEXT="Outcomes" POSITION="left" ID="ID_9" CREATED="1710000009000" MODIFIED="1710000009000">
<edge COLOR="#00ff00"/>
<arrowlink SHAPE="CUBIC_CURVE" COLOR="#000000" WIDTH="2" TRANSPARENCY="80" FONT_SIZE="9" FONT_FAMILY="SansSerif" DESTINATION="ID_1" STARTINCLINATION="0;0;" ENDINCLINATION="0;0;" STARTARROW="NONE" ENDARROW="DEFAULT"/>
<node TEXT="End of absolute monarchy" ID="ID_10" CREATED="1710000010000" MODIFIED="1710000010000"/>
<node TEXT="Rise of Napoleon" ID="ID_11" CREATED="1710000011000" MODIFIED="1710000011000"/>
</node>
</node>
</map>
