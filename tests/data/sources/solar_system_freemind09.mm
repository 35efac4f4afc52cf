<map version="0.9.0">
<!-- To view this file, download free mind mapping software FreeMind from http://freemind.sourceforge.net -->
<node CREATED="1700000000000" ID="ID_1000" MODIFIED="1700000500000" TEXT="The Solar System">
<richcontent TYPE="NOTE"><html>
  <head>
    
  </head>
  <body>
    <p>
      Eight planets orbit the Sun in nearly circular paths.
    </p>
  </body>
</html>
</richcontent>
<font NAME="SansSerif" SIZE="20"/>
<hook NAME="accessories/plugins/AutomaticLayout.properties"/>
<node CREATED="1700000001000" FOLDED="false" ID="ID_1001" MODIFIED="1700000001000" POSITION="right" TEXT="Inner planets">
<edge COLOR="#808080" STYLE="bezier" WIDTH="thin"/>
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
<icon BUILTIN="idea"/>
<node CREATED="1700000002000" ID="ID_1002" MODIFIED="1700000002000" TEXT="Mercury &#x2013; smallest">
<attribute NAME="diameter" VALUE="4879 km"/>
<richcontent TYPE="NOTE"><html>
  <head>
  </head>
  <body>
    <p>
      Closest to the Sun; a year lasts <b>88 days</b>.
    </p>
  </body>
</html>
</richcontent>
</node>
<node CREATED="1700000003000" ID="ID_1003" MODIFIED="1700000003000" TEXT="Venus&#xa;(hottest planet)"/>
<node CREATED="1700000004000" ID="ID_1004" MODIFIED="1700000004000">
<richcontent TYPE="NODE"><html>
  <head>
  </head>
  <body>
    <p>
      <b>Earth</b> &#8211; our <i>home</i>
    </p>
  </body>
</html>
</richcontent>
<arrowlink DESTINATION="ID_1002" ENDARROW="Default" ENDINCLINATION="41;0;" ID="Arrow_ID_1" STARTARROW="None" STARTINCLINATION="41;0;"/>
<node CREATED="1700000005000" ID="ID_1005" MODIFIED="1700000005000" TEXT="Moon">
<icon BUILTIN="full-1"/>
</node>
</node>
<node CREATED="1700000006000" ID="ID_1006" MODIFIED="1700000006000" TEXT="Mars, the red planet, has the tallest volcano in the Solar System, Olympus Mons"/>
</node>
<node CREATED="1700000007000" ID="ID_1007" MODIFIED="1700000007000" POSITION="left" TEXT="Outer planets">
<cloud COLOR="#f0f0f0"/>
<node CREATED="1700000008000" ID="ID_1008" MODIFIED="1700000008000" TEXT="Jupiter">
<node CREATED="1700000009000" ID="ID_1009" MODIFIED="1700000009000" TEXT="Great Red Spot"/>
</node>
<node CREATED="1700000010000" ID="ID_1010" MODIFIED="1700000010000" TEXT="Saturn"/>
<node CREATED="1700000011000" ID="ID_1011" MODIFIED="1700000011000" TEXT="Uranus"/>
<node CREATED="1700000012000" ID="ID_1012" MODIFIED="1700000012000" TEXT="Neptune"/>
</node>
<node CREATED="1700000013000" ID="ID_1013" MODIFIED="1700000013000" POSITION="left" TEXT="Dwarf planets">
<node CREATED="1700000014000" ID="ID_1014" MODIFIED="1700000014000" TEXT="Pluto &#x2192; reclassified 2006"/>
<node CREATED="1700000015000" ID="ID_1015" MODIFIED="1700000015000" TEXT="Ceres"/>
</node>
</node>
</map>
