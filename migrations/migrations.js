import journal from './meta/_journal.json';
import m0000 from './0000_init.sql';
import m0001 from './0001_mail_outbox_password_reset.sql';
import m0002 from './0002_user_gender.sql';
import m0003 from './0003_ledger.sql';
import m0004 from './0004_ledger_immutable.sql';
import m0005 from './0005_money.sql';
import m0006 from './0006_market_savings.sql';
import m0007 from './0007_money.sql';
import m0008 from './0008_hardening.sql';
import m0009 from './0009_market.sql';
import m0010 from './0010_sca.sql';
import m0011 from './0011_everyday.sql';
import m0012 from './0012_backoffice.sql';
import m0013 from './0013_frontdoor.sql';
import m0014 from './0014_documents.sql';

  export default {
    journal,
    migrations: {
      m0000,
m0001,
m0002,
m0003,
m0004,
m0005,
m0006,
m0007,
m0008,
m0009,
m0010,
m0011,
m0012,
m0013,
m0014
    }
  }
  