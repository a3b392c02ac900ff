-- Counterparty of a transaction: the description without the payment-type prefix,
-- references, dates and card numbers, upper-cased, first three words.
-- Used by categorisation (counterparty rules), recurring detection and the
-- counterparty ranking, so the three always agree on who a payment went to.
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
                                    '^(CARD PAYMENT TO|CARD PURCHASE( AT)?|CONTACTLESS( PAYMENT)?|POS|'
                                    || 'DIRECT DEBIT( TO)?|DD|SO|STANDING ORDER( TO)?|'
                                    || 'FASTER PAYMENTS?( TO| FROM| RECEIVED FROM)?|FPI|FPO|BGC|'
                                    || 'BACS( CREDIT| PAYMENT)?|TRANSFER( TO| FROM)?|TFR|'
                                    || 'BILL PAYMENT( TO)?|PAYMENT( TO| FROM)?|CREDIT FROM|DEBIT TO|'
                                    || 'CASH WITHDRAWAL( AT)?|ATM( WITHDRAWAL)?)\s+',
                                    ''
                                ),
                                '[^A-Z& ]+', ' ', 'g'
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
