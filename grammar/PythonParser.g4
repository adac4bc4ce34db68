/*
 * Python 3.8 - 3.14 syntax, written from the Python Language Reference, chapter 10 (Full Grammar
 * specification). CPython's PEG grammar is rewritten here into left-factored LL rules so that
 * SLL prediction decides almost everything from one or two tokens: targets of assignments,
 * keyword arguments, dict entries and slices are parsed as expressions and checked by the AST
 * builder, which also reports what CPython's invalid_* rules report.
 */
parser grammar PythonParser;

options { tokenVocab = PythonLexer; contextSuperClass = PythonRuleContext; superClass = PythonParserBase; }

file_input : (NEWLINE | stmt)* EOF;

// Compound statements and a line of simple ones directly under stmt (no compound_stmt or
// simple_stmts context in between: one or two contexts fewer per statement).
stmt
    : if_stmt
    | while_stmt
    | for_stmt
    | try_stmt
    | with_stmt
    | funcdef
    | classdef
    | decorated
    | async_stmt
    | match_stmt
    | simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE
    ;

// The simple statements of a block on its header's line: 'if x: a; b'.
simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE;

// Expression statements and assignments directly here (no expr_stmt context): most simple
// statements are these. Their target and value lists are written out too (no testlist_star_expr
// context for each side: most are one expression); the AST builder splits them at EQUAL.
simple_stmt
    : type_alias
    | (test | star_expr) (COMMA (test | star_expr))* COMMA?
      ( annassign
      | augassign (yield_expr | testlist_star_expr)
      | (EQUAL (yield_expr | (test | star_expr) (COMMA (test | star_expr))* COMMA?))*
      )
    | del_stmt
    | pass_stmt
    | break_stmt
    | continue_stmt
    | return_stmt
    | raise_stmt
    | global_stmt
    | nonlocal_stmt
    | import_name
    | import_from
    | assert_stmt
    | yield_stmt
    ;

annassign : COLON test (EQUAL (yield_expr | testlist_star_expr))?;

augassign
    : PLUSEQUAL | MINEQUAL | STAREQUAL | ATEQUAL | SLASHEQUAL | PERCENTEQUAL | AMPEREQUAL | VBAREQUAL
    | CIRCUMFLEXEQUAL | LEFTSHIFTEQUAL | RIGHTSHIFTEQUAL | DOUBLESTAREQUAL | DOUBLESLASHEQUAL
    ;

type_alias : TYPE name type_params? EQUAL test;

del_stmt : DEL exprlist;
yield_stmt : yield_expr;
pass_stmt : PASS;
break_stmt : BREAK;
continue_stmt : CONTINUE;
return_stmt : RETURN testlist_star_expr?;
raise_stmt : RAISE (test (FROM test)?)?;
global_stmt : GLOBAL name (COMMA name)*;
nonlocal_stmt : NONLOCAL name (COMMA name)*;
assert_stmt : ASSERT test (COMMA test)?;

import_name : IMPORT dotted_as_name (COMMA dotted_as_name)*;
import_from
    : FROM (DOT | ELLIPSIS)* dotted_name IMPORT import_targets
    | FROM (DOT | ELLIPSIS)+ IMPORT import_targets
    ;
import_targets
    : STAR
    | LPAR import_as_name (COMMA import_as_name)* COMMA? RPAR
    | import_as_name (COMMA import_as_name)*
    ;
import_as_name : name (AS name)?;
dotted_as_name : dotted_name (AS name)?;
dotted_name : name (DOT name)*;

async_stmt : ASYNC (funcdef | with_stmt | for_stmt);

if_stmt : IF namedexpr_test COLON block elif_clause* else_clause?;
elif_clause : ELIF namedexpr_test COLON block;
else_clause : ELSE COLON block;

while_stmt : WHILE namedexpr_test COLON block else_clause?;

for_stmt : FOR exprlist IN testlist_star_expr COLON block else_clause?;

try_stmt
    : TRY COLON block
      ( except_clause+ else_clause? finally_clause?
      | finally_clause
      )
    ;
except_clause : EXCEPT STAR? (test (COMMA test)* COMMA? (AS name)?)? COLON block;
finally_clause : FINALLY COLON block;

with_stmt
    : WITH LPAR with_item (COMMA with_item)* COMMA? RPAR COLON block
    | WITH with_item (COMMA with_item)* COLON block
    ;
with_item : test (AS star_target_expr)?;
star_target_expr : expr | star_expr;

block : simple_stmts | NEWLINE INDENT stmt+ DEDENT;

decorated : decorator+ (classdef | funcdef | async_funcdef);
decorator : AT namedexpr_test NEWLINE;
async_funcdef : ASYNC funcdef;

funcdef : DEF name type_params? LPAR parameters? RPAR (RARROW test)? COLON block;
parameters : param (COMMA param)* COMMA?;
param
    : name (COLON test)? (EQUAL test)?
    | STAR (name (COLON (test | star_expr))?)?
    | DOUBLESTAR name (COLON test)? (EQUAL test)?
    | SLASH
    ;

classdef : CLASS name type_params? (LPAR arglist? RPAR)? COLON block;

type_params : LSQB type_param (COMMA type_param)* COMMA? RSQB;
type_param
    : name (COLON test)? (EQUAL test)?
    | STAR name (EQUAL (test | star_expr))?
    | DOUBLESTAR name (EQUAL test)?
    ;

match_stmt : MATCH subject_expr COLON NEWLINE INDENT case_block+ DEDENT;
subject_expr
    : star_named_expression COMMA (star_named_expression (COMMA star_named_expression)* COMMA?)?
    | namedexpr_test
    ;
star_named_expression : star_expr | namedexpr_test;
case_block : CASE patterns (IF namedexpr_test)? COLON block;

patterns : open_sequence_pattern | pattern;
pattern : or_pattern (AS name)?;
or_pattern : closed_pattern (VBAR closed_pattern)*;
closed_pattern
    : literal_pattern
    | name_or_attr_pattern
    | class_pattern
    | group_or_sequence_pattern
    | LSQB maybe_sequence_pattern? RSQB
    | mapping_pattern
    ;
literal_pattern
    : signed_number ((PLUS | MINUS) signed_number)?
    | strings
    | NONE
    | TRUE
    | FALSE
    ;
signed_number : MINUS? NUMBER;
name_or_attr_pattern : name (DOT name)*;
group_or_sequence_pattern : LPAR (pattern | open_sequence_pattern)? RPAR;
open_sequence_pattern : maybe_star_pattern COMMA maybe_sequence_pattern?;
maybe_sequence_pattern : maybe_star_pattern (COMMA maybe_star_pattern)* COMMA?;
maybe_star_pattern : star_pattern | pattern;
star_pattern : STAR name;
mapping_pattern : LBRACE (mapping_item (COMMA mapping_item)* COMMA?)? RBRACE;
mapping_item
    : (literal_pattern | name_or_attr_pattern) COLON pattern
    | DOUBLESTAR name
    ;
class_pattern : name_or_attr_pattern LPAR (class_arg (COMMA class_arg)* COMMA?)? RPAR;
class_arg : name EQUAL pattern | pattern;

// ---- expressions ----

namedexpr_test : test (COLONEQUAL test)?;

// The operator list of or_test, written out again here so that an expression is one context fewer
// deep (or_test itself remains for comprehension clauses and the condition of 'a if b else c').
// Its first operand is factor written out too (most tests are one operand: a name, a call, a
// constant), so that it is no context of its own: 1.5 million fewer over CPython's library.
test
    : NOT*
      (PLUS | MINUS | TILDE)* AWAIT?
      ( LPAR (yield_expr | testlist_comp)? RPAR
      | LSQB testlist_comp? RSQB
      | LBRACE dictorsetmaker? RBRACE
      | NAME | MATCH | CASE | TYPE
      | NUMBER
      | (STRING | fstring)+
      | ELLIPSIS
      | NONE
      | TRUE
      | FALSE
      )
      ( LPAR arglist? RPAR
      | LSQB subscriptlist RSQB
      | DOT (NAME | MATCH | CASE | TYPE)
      )*
      (DOUBLESTAR factor)?
      ( ( VBAR | CIRCUMFLEX | AMPER | LEFTSHIFT | RIGHTSHIFT | PLUS | MINUS | STAR | AT | SLASH | DOUBLESLASH | PERCENT
        | LESS | GREATER | EQEQUAL | GREATEREQUAL | LESSEQUAL | NOTEQUAL | IN | NOT IN | IS NOT?
        ) factor
      | (OR | AND) NOT* factor
      )*
      (IF or_test ELSE test)?
    | lambdef
    ;

lambdef : LAMBDA lambda_params? COLON test;
lambda_params : lambda_param (COMMA lambda_param)* COMMA?;
lambda_param
    : name (EQUAL test)?
    | STAR name?
    | DOUBLESTAR name (EQUAL test)?
    | SLASH
    ;

/*
 * Everything from 'or' down to '**' is one flat list of operands and operators per rule, so that an
 * atom sits under two contexts (test, factor) instead of ten; the AST builder applies
 * Python's precedence (precedence climbing). The grammar still accepts exactly Python's language:
 * 'not' may only start the whole list or follow 'and' / 'or' (not a comparison or binary operator),
 * and unary '+', '-', '~' only start a factor.
 */
or_test
    : NOT* factor
      ( ( VBAR | CIRCUMFLEX | AMPER | LEFTSHIFT | RIGHTSHIFT | PLUS | MINUS | STAR | AT | SLASH | DOUBLESLASH | PERCENT
        | LESS | GREATER | EQEQUAL | GREATEREQUAL | LESSEQUAL | NOTEQUAL | IN | NOT IN | IS NOT?
        ) factor
      | (OR | AND) NOT* factor
      )*
    ;

star_expr : STAR expr;

// Binary operators only (no comparisons): assignment, for and del targets, '*' and '**' operands.
expr
    : factor
      ( (VBAR | CIRCUMFLEX | AMPER | LEFTSHIFT | RIGHTSHIFT | PLUS | MINUS | STAR | AT | SLASH | DOUBLESLASH | PERCENT) factor
      )*
    ;

// Unary operators, await, one atom, its trailers (call, subscript, attribute), and a right-hand '**'
// (written out again as the first operand of test: keep the two alike).
factor
    : (PLUS | MINUS | TILDE)* AWAIT?
      ( LPAR (yield_expr | testlist_comp)? RPAR
      | LSQB testlist_comp? RSQB
      | LBRACE dictorsetmaker? RBRACE
      | NAME | MATCH | CASE | TYPE
      | NUMBER
      | (STRING | fstring)+
      | ELLIPSIS
      | NONE
      | TRUE
      | FALSE
      )
      ( LPAR arglist? RPAR
      | LSQB subscriptlist RSQB
      | DOT (NAME | MATCH | CASE | TYPE)
      )*
      (DOUBLESTAR factor)?
    ;

name : NAME | MATCH | CASE | TYPE;

// Adjacent string literals in a pattern (in an expression they are children of factor directly).
strings : (STRING | fstring)+;
fstring : FSTRING_START (FSTRING_MIDDLE | fstring_field)* FSTRING_END;
fstring_field
    : LBRACE (yield_expr | testlist_star_expr) EQUAL? (EXCLAMATION name)? (COLON fstring_spec*)? RBRACE
    ;
fstring_spec : FSTRING_MIDDLE | fstring_field;

// The items' namedexpr_test written out: most items of a tuple or list are one test (no context each).
testlist_comp
    : (test (COLONEQUAL test)? | star_expr) (comp_for | (COMMA (test (COLONEQUAL test)? | star_expr))* COMMA?)
    ;

subscriptlist : subscript (COMMA subscript)* COMMA?;
subscript
    : namedexpr_test (COLON test? (COLON test?)?)?
    | COLON test? (COLON test?)?
    | star_expr
    ;

exprlist : (expr | star_expr) (COMMA (expr | star_expr))* COMMA?;
testlist_star_expr : (test | star_expr) (COMMA (test | star_expr))* COMMA?;

dictorsetmaker : dict_or_set_item (comp_for | (COMMA dict_or_set_item)* COMMA?);
dict_or_set_item
    : namedexpr_test (COLON test)?
    | DOUBLESTAR expr
    | star_expr
    ;

// The arguments written out in place, separated by COMMA (no argument context each: half a million
// fewer over CPython's library); the AST builder reads each argument from the children between commas.
// One argument: test (COLONEQUAL test)? (EQUAL test | comp_for)? | STAR test | DOUBLESTAR test.
arglist
    : ( test (COLONEQUAL test)? (EQUAL test | comp_for)? | STAR test | DOUBLESTAR test )
      ( COMMA ( test (COLONEQUAL test)? (EQUAL test | comp_for)? | STAR test | DOUBLESTAR test ) )*
      COMMA?
    ;

comp_for : (ASYNC? FOR exprlist IN or_test (IF or_test)*)+;

yield_expr : YIELD (FROM test | testlist_star_expr)?;
