"""Our date formats (``FORMAT_MODULE_PATH``): every form reads and writes dates as ISO
(YYYY-MM-DD), the admin's calendar included (it reads ``DATE_INPUT_FORMATS`` through jsi18n).
What a page shows of a date is ``records.display``'s, as the record writes it."""
