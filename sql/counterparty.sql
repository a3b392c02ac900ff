-- Text helpers shared by categorisation, recurring detection, outliers and rankings.
--
-- nr_fold(text): upper case with the accents taken off ('Prélèvement' -> 'PRELEVEMENT',
-- 'Kontoführungsgebühr' -> 'KONTOFUHRUNGSGEBUHR'). The built-in keyword rules are written
-- against it, so one ASCII pattern matches a description however the bank spelled it.
CREATE OR REPLACE TEMP MACRO nr_fold(text) AS strip_accents(upper(coalesce(text, '')));

-- nr_counterparty(description): who the money went to or came from — the description
-- without its payment-type prefixes (card payment, direct debit, Lastschrift,
-- prélèvement, recibo, …), references, dates and card numbers, upper-cased, first three
-- words. Letters of every alphabet are kept ('KONTOFÜHRUNGSGEBÜHR', 'PRÉLÈVEMENT' stays
-- readable); digits and punctuation become spaces. Categorisation, recurring detection
-- and the counterparty ranking all use it, so they agree on who a payment went to.
CREATE OR REPLACE TEMP MACRO nr_counterparty(description) AS
    coalesce(
        nullif(
            array_to_string(
                list_slice(
                    string_split(
                        trim(regexp_replace(
                            regexp_replace(
                                regexp_replace(
                                    upper(coalesce(description, '')),
                                    -- one or more payment-type words at the start, each
                                    -- followed by a space, slash, colon or hyphen
                                    '^(((SEPA|EC|ONLINE)[ -])?('
                                    || 'CARD PAYMENT( TO)?|CARD PURCHASE( AT)?|DEBIT CARD( PAYMENT)?|'
                                    || 'CONTACTLESS( PAYMENT)?|POS|VISA( DEBIT)?|'
                                    || 'DIRECT DEBIT( TO)?|DD|SO|STANDING ORDER( TO)?|'
                                    || 'FASTER PAYMENTS?( TO| FROM| RECEIVED FROM)?|FPI|FPO|BGC|'
                                    || 'BACS( CREDIT| PAYMENT)?|TRANSFER( TO| FROM)?|TFR|'
                                    || 'BILL PAYMENT( TO)?|PAYMENT( TO| FROM)?|CREDIT FROM|DEBIT TO|'
                                    || 'CASH WITHDRAWAL( AT)?|ATM( WITHDRAWAL)?|'
                                    || 'KARTENZAHLUNG|GIROCARD|LASTSCHRIFT|FOLGELASTSCHRIFT|'
                                    || 'ERSTLASTSCHRIFT|BASISLASTSCHRIFT|DAUERAUFTRAG|'
                                    || 'ÜBERWEISUNG( AN| VON)?|UEBERWEISUNG( AN| VON)?|GUTSCHRIFT( VON)?|'
                                    || 'BELASTUNG|KARTE|'
                                    || 'PAIEMENT( PAR)?( CB| CARTE)?|CB|CARTE( X?[0-9]+)?|'
                                    || 'PR[EÉ]L[EÈ]VEMENT( SEPA)?|PRLV( SEPA)?|'
                                    || 'VIREMENT( SEPA)?( RE[CÇ]U| VERS| DE| EMIS| PERMANENT)?|VIR( SEPA)?|'
                                    || 'RETRAIT( DAB)?|'
                                    || 'COMPRA( CON)?( TARJETA| TARJ\.?)?|PAGO( CON TARJETA)?|RECIBO|ADEUDO|'
                                    || 'TRANSFERENCIA( RECIBIDA| EMITIDA| A FAVOR DE| DE| A)?|'
                                    || 'TRASPASO( A| DE)?|REINTEGRO( CAJERO)?|ABONO( DE)?'
                                    || ')[ /:-]+)+',
                                    ''
                                ),
                                '[^\p{L}& ]+', ' ', 'g'
                            ),
                            '\s+', ' ', 'g'
                        )),
                        ' '
                    ),
                    1, 3
                ),
                ' '
            ),
            ''
        ),
        'UNKNOWN'
    );
