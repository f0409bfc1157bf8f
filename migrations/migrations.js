import journal from './meta/_journal.json';
import m0000 from './0000_init.sql';
import m0001 from './0001_mail_outbox_password_reset.sql';
import m0002 from './0002_user_gender.sql';
import m0003 from './0003_ledger.sql';
import m0004 from './0004_ledger_immutable.sql';
import m0005 from './0005_money.sql';
import m0006 from './0006_market_savings.sql';
import m0007 from './0007_furry_maria_hill.sql';

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
m0007
    }
  }
  