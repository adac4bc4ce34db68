/*
 * Python 3.8 - 3.14 tokens, written from the Python Language Reference, chapter 2 (Lexical
 * analysis) and PEP 701 / PEP 750 for f-strings and t-strings.
 *
 * What a lexer rule cannot say is done in PythonLexerBase: INDENT/DEDENT from the indentation
 * stack (tabs to multiples of 8, CPython's tab consistency check), dropping NEWLINE inside
 * brackets and on blank lines, collecting comments, and the mode stack of f-string replacement
 * fields. The text reaching this lexer is already decoded, without BOM, and with every line end
 * turned into '\n' (CPython's universal newlines).
 */
lexer grammar PythonLexer;

options { superClass = PythonLexerBase; }

tokens { INDENT, DEDENT, FSTRING_MIDDLE, FSTRING_END }

// ---- keywords (hard) ----
FALSE    : 'False';
NONE     : 'None';
TRUE     : 'True';
AND      : 'and';
AS       : 'as';
ASSERT   : 'assert';
ASYNC    : 'async';
AWAIT    : 'await';
BREAK    : 'break';
CLASS    : 'class';
CONTINUE : 'continue';
DEF      : 'def';
DEL      : 'del';
ELIF     : 'elif';
ELSE     : 'else';
EXCEPT   : 'except';
FINALLY  : 'finally';
FOR      : 'for';
FROM     : 'from';
GLOBAL   : 'global';
IF       : 'if';
IMPORT   : 'import';
IN       : 'in';
IS       : 'is';
LAMBDA   : 'lambda';
NONLOCAL : 'nonlocal';
NOT      : 'not';
OR       : 'or';
PASS     : 'pass';
RAISE    : 'raise';
RETURN   : 'return';
TRY      : 'try';
WHILE    : 'while';
WITH     : 'with';
YIELD    : 'yield';

// ---- soft keywords: the parser also accepts them wherever a name is allowed ----
MATCH : 'match';
CASE  : 'case';
TYPE  : 'type';

// ---- literals ----
NUMBER
    : DEC_INTEGER
    | '0' [xX] ('_'? HEX_DIGIT)+
    | '0' [oO] ('_'? [0-7])+
    | '0' [bB] ('_'? [01])+
    | FLOAT_NUMBER
    | (FLOAT_NUMBER | DIGIT_PART) [jJ]
    ;

STRING
    : STRING_PREFIX? (SHORT_STRING | LONG_STRING)
    ;

// A quote that starts a string which never ends on its line; PythonLexerBase reports it.
UNTERMINATED_STRING
    : STRING_PREFIX? ('\'' (~[\\\n'] | '\\' .)* | '"' (~[\\\n"] | '\\' .)*)
    ;

FSTRING_START
    : FT_PREFIX ('\'' | '"' | '\'\'\'' | '"""') { startFString(); }
    ;

NAME : ID_START ID_CONTINUE*;

// ---- operators and delimiters ----
LPAR        : '(' { openBracket(); };
RPAR        : ')' { closeBracket(); };
LSQB        : '[' { openBracket(); };
RSQB        : ']' { closeBracket(); };
LBRACE      : '{' { openBracket(); };
RBRACE      : '}' { closeBrace(); };
COLONEQUAL  : ':=' { !atFieldTopLevel() }?;
COLON       : ':' { colon(); };
COMMA       : ',';
SEMI        : ';';
PLUS        : '+';
MINUS       : '-';
STAR        : '*';
SLASH       : '/';
VBAR        : '|';
AMPER       : '&';
LESS        : '<';
GREATER     : '>';
EQUAL       : '=';
DOT         : '.';
PERCENT     : '%';
EQEQUAL     : '==';
NOTEQUAL    : '!=';
LESSEQUAL   : '<=';
GREATEREQUAL: '>=';
TILDE       : '~';
CIRCUMFLEX  : '^';
LEFTSHIFT   : '<<';
RIGHTSHIFT  : '>>';
DOUBLESTAR  : '**';
PLUSEQUAL   : '+=';
MINEQUAL    : '-=';
STAREQUAL   : '*=';
SLASHEQUAL  : '/=';
PERCENTEQUAL: '%=';
AMPEREQUAL  : '&=';
VBAREQUAL   : '|=';
CIRCUMFLEXEQUAL : '^=';
LEFTSHIFTEQUAL  : '<<=';
RIGHTSHIFTEQUAL : '>>=';
DOUBLESTAREQUAL : '**=';
DOUBLESLASH : '//';
DOUBLESLASHEQUAL: '//=';
AT          : '@';
ATEQUAL     : '@=';
RARROW      : '->';
ELLIPSIS    : '...';
EXCLAMATION : '!';

NEWLINE : '\n';

// The base class files comments by line and drops them from the token stream.
COMMENT : '#' ~[\n]*;

WS : [ \t\f]+ -> skip;

LINE_CONTINUATION : '\\' '\n' -> skip;

// Anything else (a stray '$', '?', a backslash not before a line end): reported by the base class.
ERROR_CHAR : .;

// ---- fragments ----
fragment STRING_PREFIX : [rRuUbB] | [bB][rR] | [rR][bB];
fragment FT_PREFIX     : [fFtT] | [fFtT][rR] | [rR][fFtT];

fragment SHORT_STRING
    : '\'' (~[\\\n'] | '\\' .)* '\''
    | '"' (~[\\\n"] | '\\' .)* '"'
    ;

fragment LONG_STRING
    : '\'\'\'' ('\\' . | ~'\\')*? '\'\'\''
    | '"""' ('\\' . | ~'\\')*? '"""'
    ;

fragment DEC_INTEGER : [1-9] ('_'? DIGIT)* | '0'+ ('_'? '0')*;
fragment DIGIT_PART  : DIGIT ('_'? DIGIT)*;
fragment FLOAT_NUMBER: (DIGIT_PART? '.' DIGIT_PART | DIGIT_PART '.') EXPONENT? | DIGIT_PART EXPONENT;
fragment EXPONENT    : [eE] [+-]? DIGIT_PART;
fragment DIGIT       : [0-9];
fragment HEX_DIGIT   : [0-9a-fA-F];

fragment ID_START    : [a-zA-Z_] | [\p{XID_Start}];
fragment ID_CONTINUE : [a-zA-Z0-9_] | [\p{XID_Continue}];

// ---- f-string and t-string bodies, one mode per quote kind ----
mode FSTRING_SINGLE_QUOTE;
FSQ_END    : '\'' { endFString(); } -> type(FSTRING_END);
FSQ_MIDDLE : (~[\\{}'\n] | '{{' | '}}' | NAMED_ESCAPE | '\\' ~[{}\n] | '\\\n')+ -> type(FSTRING_MIDDLE);
FSQ_LBRACE : '{' { openField(); } -> type(LBRACE);
FSQ_RBRACE : '}' -> type(RBRACE);
FSQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
FSQ_NEWLINE : '\n' { unterminatedFString(); } -> type(NEWLINE);

mode FSTRING_DOUBLE_QUOTE;
FDQ_END    : '"' { endFString(); } -> type(FSTRING_END);
FDQ_MIDDLE : (~[\\{}"\n] | '{{' | '}}' | NAMED_ESCAPE | '\\' ~[{}\n] | '\\\n')+ -> type(FSTRING_MIDDLE);
FDQ_LBRACE : '{' { openField(); } -> type(LBRACE);
FDQ_RBRACE : '}' -> type(RBRACE);
FDQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
FDQ_NEWLINE : '\n' { unterminatedFString(); } -> type(NEWLINE);

mode FSTRING_TRIPLE_SINGLE_QUOTE;
FTSQ_END    : '\'\'\'' { endFString(); } -> type(FSTRING_END);
FTSQ_MIDDLE : (~[\\{}'] | '\'' ~[{}'\\] | '\'\'' ~[{}'\\] | '{{' | '}}' | NAMED_ESCAPE | '\\' ~[{}])+ -> type(FSTRING_MIDDLE);
FTSQ_QUOTE  : ('\'' | '\'\'') -> type(FSTRING_MIDDLE);
FTSQ_LBRACE : '{' { openField(); } -> type(LBRACE);
FTSQ_RBRACE : '}' -> type(RBRACE);
FTSQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);

mode FSTRING_TRIPLE_DOUBLE_QUOTE;
FTDQ_END    : '"""' { endFString(); } -> type(FSTRING_END);
FTDQ_MIDDLE : (~[\\{}"] | '"' ~[{}"\\] | '""' ~[{}"\\] | '{{' | '}}' | NAMED_ESCAPE | '\\' ~[{}])+ -> type(FSTRING_MIDDLE);
FTDQ_QUOTE  : ('"' | '""') -> type(FSTRING_MIDDLE);
FTDQ_LBRACE : '{' { openField(); } -> type(LBRACE);
FTDQ_RBRACE : '}' -> type(RBRACE);
FTDQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);

// The format spec after a top-level ':' of a replacement field, up to its closing '}'. A line end
// is part of the spec in a triple-quoted f-string; in a single-quoted one it is an error (CPython
// 3.13.4+ and 3.14; 3.12 to 3.13.3 ended the spec there instead).
mode FORMAT_SPEC;
SPEC_MIDDLE : (~[\\{}\n] | '\\' ~[{}\n] | '\n' { inTripleQuotedFString() }?)+ -> type(FSTRING_MIDDLE);
SPEC_LBRACE : '{' { openField(); } -> type(LBRACE);
SPEC_RBRACE : '}' { closeFieldFromSpec(); } -> type(RBRACE);
SPEC_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
SPEC_NEWLINE : '\n' { newlineInFormatSpec(); } -> type(NEWLINE);

fragment NAMED_ESCAPE : '\\N{' [A-Za-z0-9 \-]* '}' { !isRawFString() }?;
