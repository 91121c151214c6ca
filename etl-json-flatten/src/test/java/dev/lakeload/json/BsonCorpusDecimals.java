package dev.lakeload.json;

/**
 * The decimal128 strings of the BSON corpus files {@code decimal128-1.json} to {@code decimal128-7.json}, one case a
 * line: for each valid case its canonical string and, where the corpus gives one, its degenerate (non-canonical but
 * valid) string; for each parse error the string a Decimal128 parser must refuse. Only the strings are taken from the
 * vectors; what the flattener must make of them ({@link BsonCorpus}) is derived from the Decimal128 spec: the
 * canonical string unchanged, the degenerate one as written or as its canonical text, with the same numeric value.
 */
final class BsonCorpusDecimals {
    private BsonCorpusDecimals() {
    }

    /** {@code decimal128-1.json} valid cases: {@code label|canonical|degenerate}. */
    static final String VALID_1 = """
            Special - Canonical NaN|NaN|
            Special - Negative NaN|NaN|
            Special - Negative NaN|NaN|-NaN
            Special - Canonical SNaN|NaN|
            Special - Negative SNaN|NaN|
            Special - NaN with a payload|NaN|
            Special - Canonical Positive Infinity|Infinity|
            Special - Canonical Negative Infinity|-Infinity|
            Special - Invalid representation treated as 0|0|
            Special - Invalid representation treated as -0|-0|
            Special - Invalid representation treated as 0E3|0E+3|
            Regular - Adjusted Exponent Limit|0.000001234567890123456789012345678901234|
            Regular - Smallest|0.001234|
            Regular - Smallest with Trailing Zeros|0.00123400000|
            Regular - 0.1|0.1|
            Regular - 0.1234567890123456789012345678901234|0.1234567890123456789012345678901234|
            Regular - 0|0|
            Regular - -0|-0|
            Regular - -0.0|-0.0|
            Regular - 2|2|
            Regular - 2.000|2.000|
            Regular - Largest|1234567890123456789012345678901234|
            Scientific - Tiniest|9.999999999999999999999999999999999E-6143|
            Scientific - Tiny|1E-6176|
            Scientific - Negative Tiny|-1E-6176|
            Scientific - Adjusted Exponent Limit|1.234567890123456789012345678901234E-7|
            Scientific - Fractional|-1.00E-8|
            Scientific - 0 with Exponent|0E+6000|
            Scientific - 0 with Negative Exponent|0E-611|
            Scientific - No Decimal with Signed Exponent|1E+3|
            Scientific - Trailing Zero|1.050E+4|
            Scientific - With Decimal|1.05E+3|
            Scientific - Full|5192296858534827628530496329220095|
            Scientific - Large|1.000000000000000000000000000000000E+6144|
            Scientific - Largest|9.999999999999999999999999999999999E+6144|
            Non-Canonical Parsing - Exponent Normalization|-1.00E-8|-100E-10
            Non-Canonical Parsing - Unsigned Positive Exponent|1E+3|1E3
            Non-Canonical Parsing - Lowercase Exponent Identifier|1E+3|1e+3
            Non-Canonical Parsing - Long Significand with Exponent|1.2345689012345789012345E+34|12345689012345789012345E+12
            Non-Canonical Parsing - Positive Sign|1234567890123456789012345678901234|+1234567890123456789012345678901234
            Non-Canonical Parsing - Long Decimal String|1E-999|.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001
            Non-Canonical Parsing - nan|NaN|nan
            Non-Canonical Parsing - nAn|NaN|nAn
            Non-Canonical Parsing - +infinity|Infinity|+infinity
            Non-Canonical Parsing - infinity|Infinity|infinity
            Non-Canonical Parsing - infiniTY|Infinity|infiniTY
            Non-Canonical Parsing - inf|Infinity|inf
            Non-Canonical Parsing - inF|Infinity|inF
            Non-Canonical Parsing - -infinity|-Infinity|-infinity
            Non-Canonical Parsing - -infiniTy|-Infinity|-infiniTy
            Non-Canonical Parsing - -Inf|-Infinity|-Infinity
            Non-Canonical Parsing - -inf|-Infinity|-inf
            Non-Canonical Parsing - -inF|-Infinity|-inF
            Rounded Subnormal number|1E-6176|10E-6177
            Clamped|1.0E+6112|1E6112
            Exact rounding|1.000000000000000000000000000000000E+999|1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
            Clamped zeros with a large positive exponent|0E+6111|0E+2147483647
            Clamped zeros with a large negative exponent|0E-6176|0E-2147483647
            Clamped negative zeros with a large positive exponent|-0E+6111|-0E+2147483647
            Clamped negative zeros with a large negative exponent|-0E-6176|-0E-2147483647
            """;

    /** {@code decimal128-2.json} valid cases: {@code label|canonical|degenerate}. */
    static final String VALID_2 = """
            decq021|-1234567890123456789012345678901234|
            decq823|-2147483649|
            decq822|-2147483648|
            decq821|-2147483647|
            decq820|-2147483646|
            decq152|-12345|
            decq154|-1234|
            decq006|-750|
            decq164|-123.45|
            decq156|-123|
            decq008|-75.0|
            decq158|-12|
            decq122|-9.999999999999999999999999999999999E+6144|
            decq002|-7.50|
            decq004|-7.50E+3|
            decq018|-7.50E-7|
            decq125|-1.234567890123456789012345678901234E+6144|
            decq131|-1.230000000000000000000000000000000E+6144|
            decq162|-1.23|
            decq176|-1.000000000000000000000000000000001E-6143|
            decq174|-1.000000000000000000000000000000000E-6143|
            decq133|-1.000000000000000000000000000000000E+6144|
            decq160|-1|
            decq172|-1E-6143|
            decq010|-0.750|
            decq012|-0.0750|
            decq014|-0.000750|
            decq016|-0.00000750|
            decq404|0E-6176|
            decq424|-0E-6176|
            decq407|0.00|
            decq427|-0.00|
            decq409|0|
            decq428|-0|
            decq700|0|
            decq406|0.00|
            decq426|-0.00|
            decq410|0E+3|
            decq431|-0E+3|
            decq419|0E+6111|
            decq432|-0E+6111|
            decq405|0E-6176|
            decq425|-0E-6176|
            decq508|Infinity|
            decq528|-Infinity|
            decq541|NaN|
            decq074|1.000000000000000000000000000000000E-6143|
            decq602|1.000000000000000000000000000000000E+6144|
            decq604|1.00000000000000000000000000000000E+6143|
            decq606|1.0000000000000000000000000000000E+6142|
            decq608|1.000000000000000000000000000000E+6141|
            decq610|1.00000000000000000000000000000E+6140|
            decq612|1.0000000000000000000000000000E+6139|
            decq614|1.000000000000000000000000000E+6138|
            decq616|1.00000000000000000000000000E+6137|
            decq618|1.0000000000000000000000000E+6136|
            decq620|1.000000000000000000000000E+6135|
            decq622|1.00000000000000000000000E+6134|
            decq624|1.0000000000000000000000E+6133|
            decq626|1.000000000000000000000E+6132|
            decq628|1.00000000000000000000E+6131|
            decq630|1.0000000000000000000E+6130|
            decq632|1.000000000000000000E+6129|
            decq634|1.00000000000000000E+6128|
            decq636|1.0000000000000000E+6127|
            decq638|1.000000000000000E+6126|
            decq640|1.00000000000000E+6125|
            decq642|1.0000000000000E+6124|
            decq644|1.000000000000E+6123|
            decq646|1.00000000000E+6122|
            decq648|1.0000000000E+6121|
            decq650|1.000000000E+6120|
            decq652|1.00000000E+6119|
            decq654|1.0000000E+6118|
            decq656|1.000000E+6117|
            decq658|1.00000E+6116|
            decq660|1.0000E+6115|
            decq662|1.000E+6114|
            decq664|1.00E+6113|
            decq666|1.0E+6112|
            decq060|1|
            decq670|1E+6110|
            decq668|1E+6111|
            decq072|1E-6143|
            decq076|1.000000000000000000000000000000001E-6143|
            decq036|1.230000000000000000000000000000000E+6144|
            decq062|1.23|
            decq034|1.234567890123456789012345678901234E+6144|
            decq441|7|
            decq449|7E+5999|
            decq447|7E+999|
            decq445|7E+99|
            decq443|7E+9|
            decq842|7.049000000000010795488000000000000E-3097|
            decq841|8.000000000000000000E-1550|
            decq840|8.81125000000001349436E-1548|
            decq701|9|
            decq032|9.999999999999999999999999999999999E+6144|
            decq702|10|
            decq057|12|
            decq703|19|
            decq704|20|
            decq705|29|
            decq706|30|
            decq707|39|
            decq708|40|
            decq709|49|
            decq710|50|
            decq711|59|
            decq712|60|
            decq713|69|
            decq714|70|
            decq715|71|
            decq716|72|
            decq717|73|
            decq718|74|
            decq719|75|
            decq720|76|
            decq721|77|
            decq722|78|
            decq723|79|
            decq056|123|
            decq064|123.45|
            decq732|520|
            decq733|521|
            decq740|777|
            decq741|778|
            decq742|787|
            decq746|799|
            decq743|877|
            decq753|888|
            decq754|889|
            decq760|898|
            decq764|899|
            decq745|979|
            decq770|988|
            decq774|989|
            decq730|994|
            decq731|995|
            decq744|997|
            decq780|998|
            decq787|999|
            decq053|1234|
            decq052|12345|
            decq792|30000|
            decq793|890000|
            decq824|2147483646|
            decq825|2147483647|
            decq826|2147483648|
            decq827|2147483649|
            decq828|4294967294|
            decq829|4294967295|
            decq830|4294967296|
            decq831|4294967297|
            decq022|1111111111111111111111111111111111|
            decq020|1234567890123456789012345678901234|
            decq550|9999999999999999999999999999999999|
            """;

    /** {@code decimal128-3.json} valid cases: {@code label|canonical|degenerate}. */
    static final String VALID_3 = """
            basx066|-345678.5432|-00345678.5432
            basx065|-345678.5432|-0345678.5432
            basx064|-345678.5432|
            basx041|-76|
            basx027|-9.999|
            basx026|-9.119|
            basx025|-9.11|
            basx024|-9.1|
            dqbsr531|-1.111111111111111111111111111112345|-1.1111111111111111111111111111123450
            basx022|-1.0|
            basx021|-1|
            basx601|0E-9|0.000000000
            basx622|-0E-9|-0.000000000
            basx602|0E-8|0.00000000
            basx621|-0E-8|-0.00000000
            basx603|0E-7|0.0000000
            basx620|-0E-7|-0.0000000
            basx604|0.000000|
            basx619|-0.000000|
            basx605|0.00000|
            basx618|-0.00000|
            basx680|0|000000.
            basx606|0.0000|
            basx617|-0.0000|
            basx681|0|00000.
            basx686|0|+00000.
            basx687|-0|-00000.
            basx019|-0.00|-00.00
            basx607|0.000|
            basx616|-0.000|
            basx682|0|0000.
            basx155|0.000|0.000e+0
            basx130|0.0000|0.000E-1
            basx290|-0.0000|-0.000E-1
            basx131|0.00000|0.000E-2
            basx291|-0.00000|-0.000E-2
            basx132|0.000000|0.000E-3
            basx292|-0.000000|-0.000E-3
            basx133|0E-7|0.000E-4
            basx293|-0E-7|-0.000E-4
            basx608|0.00|
            basx615|-0.00|
            basx683|0|000.
            basx630|0.00|0.00E+0
            basx670|0.00|0.00E-0
            basx631|0.0|0.00E+1
            basx671|0.000|0.00E-1
            basx134|0.0000|0.00E-2
            basx294|-0.0000|-0.00E-2
            basx632|0|0.00E+2
            basx672|0.0000|0.00E-2
            basx135|0.00000|0.00E-3
            basx295|-0.00000|-0.00E-3
            basx633|0E+1|0.00E+3
            basx673|0.00000|0.00E-3
            basx136|0.000000|0.00E-4
            basx674|0.000000|0.00E-4
            basx634|0E+2|0.00E+4
            basx137|0E-7|0.00E-5
            basx635|0E+3|0.00E+5
            basx675|0E-7|0.00E-5
            basx636|0E+4|0.00E+6
            basx676|0E-8|0.00E-6
            basx637|0E+5|0.00E+7
            basx677|0E-9|0.00E-7
            basx638|0E+6|0.00E+8
            basx678|0E-10|0.00E-8
            basx149|0E+9|000E+9
            basx639|0E+7|0.00E+9
            basx679|0E-11|0.00E-9
            basx063|345678.5432|+00345678.5432
            basx018|-0.0|
            basx609|0.0|
            basx614|-0.0|
            basx684|0|00.
            basx640|0.0|0.0E+0
            basx660|0.0|0.0E-0
            basx641|0|0.0E+1
            basx661|0.00|0.0E-1
            basx296|-0.000|-0.0E-2
            basx642|0E+1|0.0E+2
            basx662|0.000|0.0E-2
            basx297|-0.0000|-0.0E-3
            basx643|0E+2|0.0E+3
            basx663|0.0000|0.0E-3
            basx644|0E+3|0.0E+4
            basx664|0.00000|0.0E-4
            basx645|0E+4|0.0E+5
            basx665|0.000000|0.0E-5
            basx646|0E+5|0.0E+6
            basx666|0E-7|0.0E-6
            basx647|0E+6|0.0E+7
            basx667|0E-8|0.0E-7
            basx648|0E+7|0.0E+8
            basx668|0E-9|0.0E-8
            basx160|0E+9|00E+9
            basx161|0E-9|00E-9
            basx649|0E+8|0.0E+9
            basx669|0E-10|0.0E-9
            basx062|345678.5432|+0345678.5432
            basx001|0|
            basx017|-0|
            basx611|0|0.
            basx613|-0|-0.
            basx685|0|0.
            basx688|0|+0.
            basx689|-0|-0.
            basx650|0|0E+0
            basx651|0E+1|
            basx298|-0.00|-0E-2
            basx652|0E+2|
            basx299|-0.000|-0E-3
            basx653|0E+3|
            basx654|0E+4|
            basx655|0E+5|
            basx656|0E+6|
            basx657|0E+7|
            basx658|0E+8|
            basx138|0E+9|+0E+9
            basx139|-0E+9|
            basx144|0E+9|
            basx154|0E+9|0E9
            basx659|0E+9|
            basx042|12.76|+12.76
            basx143|1E+9|+1E+009
            basx061|345678.5432|+345678.5432
            basx036|1.23456789E-8|0.0000000123456789
            basx035|1.23456789E-7|0.000000123456789
            basx034|0.00000123456789|
            basx053|0.0000050|
            basx033|0.0000123456789|
            basx016|0.012|
            basx015|0.123|
            basx037|0.123456789012344|
            basx038|0.123456789012345|
            basx250|0.1265|
            basx257|0.1265|0.1265E-0
            basx256|0.01265|0.1265E-1
            basx258|1.265|0.1265E+1
            basx251|1.265E-21|0.1265E-20
            basx263|1.265E+19|0.1265E+20
            basx255|0.001265|0.1265E-2
            basx259|12.65|0.1265E+2
            basx254|0.0001265|0.1265E-3
            basx260|126.5|0.1265E+3
            basx253|0.00001265|0.1265E-4
            basx261|1265|0.1265E+4
            basx252|1.265E-9|0.1265E-8
            basx262|1.265E+7|0.1265E+8
            basx159|7.3E-8|0.73e-7
            basx004|1.00|
            basx003|1.0|
            basx002|1|
            basx148|1E+9|1E+009
            basx153|1E+9|1E009
            basx141|1E+9|1e+09
            basx146|1E+9|1E+09
            basx151|1E+9|1e09
            basx142|1E+90|
            basx147|1E+90|1e+90
            basx152|1E+90|1E90
            basx140|1E+9|
            basx150|1E+9|1E9
            basx014|1.234|
            basx170|1.265|
            basx177|1.265|1.265E-0
            basx176|0.1265|1.265E-1
            basx178|12.65|1.265E+1
            basx171|1.265E-20|
            basx183|1.265E+20|
            basx175|0.01265|1.265E-2
            basx179|126.5|1.265E+2
            basx174|0.001265|1.265E-3
            basx180|1265|1.265E+3
            basx173|0.0001265|1.265E-4
            basx181|1.265E+4|
            basx172|1.265E-8|
            basx182|1.265E+8|
            basx157|4E+9|
            basx067|0.000005|5E-6
            basx069|5E-7|
            basx385|7|7E0
            basx365|7E+10|7E10
            basx405|7E-10|
            basx363|7E+11|7E11
            basx407|7E-11|
            basx361|7E+12|7E12
            basx409|7E-12|
            basx411|7E-13|
            basx383|7E+1|7E1
            basx387|0.7|7E-1
            basx381|7E+2|7E2
            basx389|0.07|7E-2
            basx379|7E+3|7E3
            basx391|0.007|7E-3
            basx377|7E+4|7E4
            basx393|0.0007|7E-4
            basx375|7E+5|7E5
            basx395|0.00007|7E-5
            basx373|7E+6|7E6
            basx397|0.000007|7E-6
            basx371|7E+7|7E7
            basx399|7E-7|
            basx369|7E+8|7E8
            basx401|7E-8|
            basx367|7E+9|7E9
            basx403|7E-9|
            basx007|10.0|
            basx005|10|
            basx165|1.0E+10|10E+009
            basx163|1.0E+10|10E+09
            basx325|10|10e0
            basx305|1.0E+11|10e10
            basx345|1.0E-9|10e-10
            basx303|1.0E+12|10e11
            basx347|1.0E-10|10e-11
            basx301|1.0E+13|10e12
            basx349|1.0E-11|10e-12
            basx351|1.0E-12|10e-13
            basx323|1.0E+2|10e1
            basx327|1.0|10e-1
            basx321|1.0E+3|10e2
            basx329|0.10|10e-2
            basx319|1.0E+4|10e3
            basx331|0.010|10e-3
            basx317|1.0E+5|10e4
            basx333|0.0010|10e-4
            basx315|1.0E+6|10e5
            basx335|0.00010|10e-5
            basx313|1.0E+7|10e6
            basx337|0.000010|10e-6
            basx311|1.0E+8|10e7
            basx339|0.0000010|10e-7
            basx309|1.0E+9|10e8
            basx341|1.0E-7|10e-8
            basx164|1.0E+91|10e+90
            basx162|1.0E+10|10E+9
            basx307|1.0E+10|10e9
            basx343|1.0E-8|10e-9
            basx008|10.1|
            basx009|10.4|
            basx010|10.5|
            basx011|10.6|
            basx012|10.9|
            basx013|11.0|
            basx040|12|
            basx190|12.65|
            basx197|12.65|12.65E-0
            basx196|1.265|12.65E-1
            basx198|126.5|12.65E+1
            basx191|1.265E-19|12.65E-20
            basx203|1.265E+21|12.65E+20
            basx195|0.1265|12.65E-2
            basx199|1265|12.65E+2
            basx194|0.01265|12.65E-3
            basx200|1.265E+4|12.65E+3
            basx193|0.001265|12.65E-4
            basx201|1.265E+5|12.65E+4
            basx192|1.265E-7|12.65E-8
            basx202|1.265E+9|12.65E+8
            basx044|12.76|012.76
            basx042|12.76|
            basx046|17|17.
            basx049|44|0044
            basx048|44|044
            basx158|4.4E+10|44E+9
            basx068|0.0000050|50E-7
            basx169|1.00E+11|100e+009
            basx167|1.00E+11|100e+09
            basx168|1.00E+92|100E+90
            basx166|1.00E+11|100e+9
            basx210|126.5|
            basx217|126.5|126.5E-0
            basx216|12.65|126.5E-1
            basx218|1265|126.5E+1
            basx211|1.265E-18|126.5E-20
            basx223|1.265E+22|126.5E+20
            basx215|1.265|126.5E-2
            basx219|1.265E+4|126.5E+2
            basx214|0.1265|126.5E-3
            basx220|1.265E+5|126.5E+3
            basx213|0.01265|126.5E-4
            basx221|1.265E+6|126.5E+4
            basx212|0.000001265|126.5E-8
            basx222|1.265E+10|126.5E+8
            basx006|1000|
            basx230|1265|
            basx237|1265|1265E-0
            basx236|126.5|1265E-1
            basx238|1.265E+4|1265E+1
            basx231|1.265E-17|1265E-20
            basx243|1.265E+23|1265E+20
            basx235|12.65|1265E-2
            basx239|1.265E+5|1265E+2
            basx234|1.265|1265E-3
            basx240|1.265E+6|1265E+3
            basx233|0.1265|1265E-4
            basx241|1.265E+7|1265E+4
            basx232|0.00001265|1265E-8
            basx242|1.265E+11|1265E+8
            basx060|345678.5432|
            basx059|345678.54321|0345678.54321
            basx058|345678.543210|
            basx057|2345678.543210|
            basx056|12345678.543210|
            basx031|123456789.000000|
            basx030|123456789.123456|
            basx032|123456789123456|
            """;

    /** {@code decimal128-4.json} valid cases: {@code label|canonical|degenerate}. */
    static final String VALID_4 = """
            basx023|-0.1|
            basx045|0.003|+0.003
            basx610|0.0|.0
            basx612|-0.0|-.0
            basx043|12.76|+12.76
            basx055|5E-8|0.00000005
            basx054|5E-7|0.0000005
            basx052|0.000005|
            basx051|0.00005|00.00005
            basx050|0.0005|
            basx047|0.5|.5
            dqbsr431|1.111111111111111111111111111112345|1.1111111111111111111111111111123450
            OK2|0.1000000000000000000000000000000000|.100000000000000000000000000000000000000000000000000000000000
            """;

    /** {@code decimal128-4.json} parse errors: {@code label|string|}. */
    static final String PARSE_ERRORS_4 = """
            basx564|Infi|
            basx565|Infin|
            basx566|Infini|
            basx567|Infinit|
            basx568|-Infinit|
            basx590|.Infinity|
            basx562|NaNq|
            basx563|NaNs|
            dqbas939|-7e10000|
            dqbsr534|-1.11111111111111111111111111111234650|
            dqbsr535|-1.11111111111111111111111111111234551|
            dqbsr533|-1.11111111111111111111111111111234550|
            dqbsr532|-1.11111111111111111111111111111234549|
            dqbsr432|1.11111111111111111111111111111234549|
            dqbsr433|1.11111111111111111111111111111234550|
            dqbsr435|1.11111111111111111111111111111234551|
            dqbsr434|1.11111111111111111111111111111234650|
            dqbas938|7e10000|
            Inexact rounding#1|100000000000000000000000000000000000000000000000000000000001|
            Inexact rounding#2|1E-6177|
            """;

    /** {@code decimal128-5.json} valid cases: {@code label|canonical|degenerate}. */
    static final String VALID_5 = """
            decq035|1.230000000000000000000000000000000E+6144|1.23E+6144
            decq037|1.000000000000000000000000000000000E+6144|1E+6144
            decq077|1.00000000000000000000000000000000E-6144|0.100000000000000000000000000000000E-6143
            decq078|1.00000000000000000000000000000000E-6144|
            decq079|1.0E-6175|0.000000000000000000000000000000010E-6143
            decq080|1.0E-6175|
            decq081|1E-6175|0.00000000000000000000000000000001E-6143
            decq082|1E-6175|
            decq083|1E-6176|0.000000000000000000000000000000001E-6143
            decq084|1E-6176|
            decq090|1E-6176|1e-6176
            decq100|9.99999999999999999999999999999999E-6144|999999999999999999999999999999999e-6176
            decq130|-1.230000000000000000000000000000000E+6144|-1.23E+6144
            decq132|-1.000000000000000000000000000000000E+6144|-1E+6144
            decq177|-1.00000000000000000000000000000000E-6144|-0.100000000000000000000000000000000E-6143
            decq178|-1.00000000000000000000000000000000E-6144|
            decq179|-1.0E-6175|-0.000000000000000000000000000000010E-6143
            decq180|-1.0E-6175|
            decq181|-1E-6175|-0.00000000000000000000000000000001E-6143
            decq182|-1E-6175|
            decq183|-1E-6176|-0.000000000000000000000000000000001E-6143
            decq184|-1E-6176|
            decq190|-1E-6176|-1e-6176
            decq200|-9.99999999999999999999999999999999E-6144|-999999999999999999999999999999999e-6176
            decq400|0E-6176|0E-8000
            decq401|0E-6176|0E-6177
            decq414|0E+6111|0E+6112
            decq416|0E+6111|0E+6144
            decq418|0E+6111|0E+8000
            decq420|-0E-6176|-0E-8000
            decq421|-0E-6176|-0E-6177
            decq434|-0E+6111|-0E+6112
            decq436|-0E+6111|-0E+6144
            decq438|-0E+6111|-0E+8000
            decq601|1.000000000000000000000000000000000E+6144|1E+6144
            decq603|1.00000000000000000000000000000000E+6143|1E+6143
            decq605|1.0000000000000000000000000000000E+6142|1E+6142
            decq607|1.000000000000000000000000000000E+6141|1E+6141
            decq609|1.00000000000000000000000000000E+6140|1E+6140
            decq611|1.0000000000000000000000000000E+6139|1E+6139
            decq613|1.000000000000000000000000000E+6138|1E+6138
            decq615|1.00000000000000000000000000E+6137|1E+6137
            decq617|1.0000000000000000000000000E+6136|1E+6136
            decq619|1.000000000000000000000000E+6135|1E+6135
            decq621|1.00000000000000000000000E+6134|1E+6134
            decq623|1.0000000000000000000000E+6133|1E+6133
            decq625|1.000000000000000000000E+6132|1E+6132
            decq627|1.00000000000000000000E+6131|1E+6131
            decq629|1.0000000000000000000E+6130|1E+6130
            decq631|1.000000000000000000E+6129|1E+6129
            decq633|1.00000000000000000E+6128|1E+6128
            decq635|1.0000000000000000E+6127|1E+6127
            decq637|1.000000000000000E+6126|1E+6126
            decq639|1.00000000000000E+6125|1E+6125
            decq641|1.0000000000000E+6124|1E+6124
            decq643|1.000000000000E+6123|1E+6123
            decq645|1.00000000000E+6122|1E+6122
            decq647|1.0000000000E+6121|1E+6121
            decq649|1.000000000E+6120|1E+6120
            decq651|1.00000000E+6119|1E+6119
            decq653|1.0000000E+6118|1E+6118
            decq655|1.000000E+6117|1E+6117
            decq657|1.00000E+6116|1E+6116
            decq659|1.0000E+6115|1E+6115
            decq661|1.000E+6114|1E+6114
            decq663|1.00E+6113|1E+6113
            decq665|1.0E+6112|1E+6112
            """;

    /** {@code decimal128-6.json} parse errors: {@code label|string|}. */
    static final String PARSE_ERRORS_6 = """
            Incomplete Exponent|1e|
            Exponent at the beginning|E01|
            Just a decimal place|.|
            2 decimal places|..3|
            2 decimal places|.13.3|
            2 decimal places|1..3|
            2 decimal places|1.3.4|
            2 decimal places|1.34.|
            Decimal with no digits|.e|
            2 signs|+-32.4|
            2 signs|-+32.4|
            2 negative signs|--32.4|
            2 negative signs|-32.-4|
            End in negative sign|32.0-|
            2 negative signs|32.4E--21|
            2 negative signs|32.4E-2-1|
            2 signs|32.4E+-21|
            Empty string||
            leading white space positive number| 1|
            leading white space negative number| -1|
            trailing white space|1 |
            Invalid|E|
            Invalid|invalid|
            Invalid|i|
            Invalid|in|
            Invalid|-in|
            Invalid|Na|
            Invalid|-Na|
            Invalid|1.23abc|
            Invalid|1.23abcE+02|
            Invalid|1.23E+0aabs2|
            """;

    /** {@code decimal128-7.json} parse errors: {@code label|string|}. */
    static final String PARSE_ERRORS_7 = """
            basx572|-9Inf|
            basx516|-1-|
            basx533|0000..|
            basx534|.0000.|
            basx535|00..00|
            basx569|0Inf|
            basx571|-0Inf|
            basx575|0sNaN|
            basx503|++1|
            basx504|--1|
            basx505|-+1|
            basx506|+-1|
            basx510| +1|
            basx513| + 1|
            basx514| - 1|
            basx501|.|
            basx502|..|
            basx519||
            basx525|e100|
            basx549|e+1|
            basx577|.e+1|
            basx578|+.e+1|
            basx581|E+1|
            basx582|.E+1|
            basx583|+.E+1|
            basx579|-.e+|
            basx580|-.e|
            basx584|-.E+|
            basx585|-.E|
            basx589|+.Inf|
            basx586|.NaN|
            basx587|-.NaN|
            basx545|ONE|
            basx561|qNaN|
            basx573|-sNa|
            basx588|+.sNaN|
            basx544|ten|
            basx527|u0b65|
            basx526|u0e5a|
            basx515|x|
            basx574|xNaN|
            basx530|.123.5|
            basx500|1..2|
            basx542|1e1.0|
            basx553|1E+1.2.3|
            basx543|1e123e|
            basx552|1E+1.2|
            basx546|1e.1|
            basx547|1e1.|
            basx554|1E++1|
            basx555|1E--1|
            basx556|1E+-1|
            basx557|1E-+1|
            basx558|1E'1|
            basx559|1E"1|
            basx520|1e-|
            basx560|1E|
            basx548|1ee|
            basx551|1.2.1|
            basx550|1.23.4|
            basx529|1.34.5|
            basx531|01.35.|
            basx532|01.35-|
            basx518|3+|
            basx521|7e99999a|
            basx570|9Inf|
            basx512|12 |
            basx517|12-|
            basx507|12e|
            basx508|12e++|
            basx509|12f4|
            basx536|111e*123|
            basx537|111e123-|
            basx540|111e1*23|
            basx538|111e+12+|
            basx539|111e1-3-|
            basx541|111E1e+3|
            basx528|123,65|
            basx523|7e12356789012x|
            basx522|7e123567890x|
            """;
}
