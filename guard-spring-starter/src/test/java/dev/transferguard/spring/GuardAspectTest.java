package dev.transferguard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transferguard.GuardedCall;
import dev.transferguard.TransferDeniedException;
import dev.transferguard.annotation.GuardedTransfer;
import dev.transferguard.annotation.PersonalData;
import dev.transferguard.annotation.SubjectId;
import dev.transferguard.annotation.SubjectResidence;
import dev.transferguard.spring.autoconfigure.GuardAutoConfiguration;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which calls the aspect guards, and that a guarded call runs once, with its own arguments. */
class GuardAspectTest {

    record Person(@SubjectId String id, @PersonalData(category = "personal.contact") String email,
            @SubjectResidence String residence) {
    }

    static final Person LI = new Person("c-1", "li@example.cn", "CN");

    /** Every method the class declares is guarded. */
    @GuardedTransfer(destination = "US", recipient = "acme-us", recipientKind = "commercial")
    public static class ClassGuarded {
        int calls;

        public String send(Person p) {
            calls++;
            return "sent";
        }

        public String nothingPersonal(String s) {
            calls++;
            return s;
        }

        public int calls() {
            return calls;
        }
    }

    /** Only the annotated method is guarded. */
    public static class MethodGuarded {
        int calls;

        @GuardedTransfer(destination = "SG", recipient = "acme-sg", recipientKind = "commercial")
        public String guarded(Person p, List<Person> more) {
            calls++;
            return p.id() + "+" + more.size() + (GuardedCall.current().isPresent() ? " inside" : " outside");
        }

        public String unguarded(Person p) {
            calls++;
            return GuardedCall.current().isPresent() ? "inside" : "outside";
        }

        public int calls() {
            return calls;
        }
    }

    /** Nothing is annotated: not proxied at all. */
    public static class Plain {
        public String send(Person p) {
            return "sent";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        ClassGuarded classGuarded() {
            return new ClassGuarded();
        }

        @Bean
        MethodGuarded methodGuarded() {
            return new MethodGuarded();
        }

        @Bean
        Plain plain() {
            return new Plain();
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, GuardAutoConfiguration.class)).withUserConfiguration(Beans.class)
            .withPropertyValues("guard.jurisdiction=CN", "guard.entity.ciio=false", "guard.entity.ftz=false", "guard.bases.destinations.SG=separate-consent, pipia");

    @Test
    void guardsAnnotatedMethodsAndEveryMethodOfAnnotatedClasses() {
        runner.run(context -> {
            ClassGuarded byClass = context.getBean(ClassGuarded.class);
            assertThatThrownBy(() -> byClass.send(LI)).isInstanceOf(TransferDeniedException.class);
            assertThat(byClass.nothingPersonal("x")).isEqualTo("x");
            assertThat(byClass.calls()).isEqualTo(1);

            MethodGuarded byMethod = context.getBean(MethodGuarded.class);
            assertThat(byMethod.guarded(LI, List.of(LI, LI))).isEqualTo("c-1+2 inside");
            assertThat(byMethod.unguarded(LI)).isEqualTo("outside");
            assertThat(byMethod.calls()).isEqualTo(2);
            assertThat(GuardedCall.current()).isEmpty();

            assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse();
        });
    }

    @Test
    void thePointcutMatchesAsTheAspectJExpressionSays() throws NoSuchMethodException {
        runner.run(context -> {
            GuardAspect aspect = context.getBean(GuardAspect.class);
            Method guarded = MethodGuarded.class.getMethod("guarded", Person.class, List.class);
            Method unguarded = MethodGuarded.class.getMethod("unguarded", Person.class);
            Method byClass = ClassGuarded.class.getMethod("nothingPersonal", String.class);
            Method plain = Plain.class.getMethod("send", Person.class);
            assertThat(aspect.getPointcut().getMethodMatcher().matches(guarded, MethodGuarded.class)).isTrue();
            assertThat(aspect.getPointcut().getMethodMatcher().matches(unguarded, MethodGuarded.class)).isFalse();
            assertThat(aspect.getPointcut().getMethodMatcher().matches(byClass, ClassGuarded.class)).isTrue();
            assertThat(aspect.getPointcut().getMethodMatcher().matches(plain, Plain.class)).isFalse();
            assertThat(aspect.getAdvice()).isSameAs(aspect);
        });
    }
}
